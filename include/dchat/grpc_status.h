// Conversions between dchat::Status and grpc::Status. The codes are the
// same, so neither direction loses information.
#ifndef DCHAT_GRPC_STATUS_H_
#define DCHAT_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "dchat/status.h"

namespace dchat {

inline grpc::Status ToGrpcStatus(const Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      status.message());
}

inline Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return OkStatus();
  int code = static_cast<int>(status.error_code());
  if (code < 0 || code > static_cast<int>(Code::kUnauthenticated)) {
    return Status(Code::kUnknown, status.error_message());
  }
  return Status(static_cast<Code>(code), status.error_message());
}

}  // namespace dchat

#endif  // DCHAT_GRPC_STATUS_H_
