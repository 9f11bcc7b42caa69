// Uses the installed headers, generated contracts and library.
#include <cstdio>

#include "dchat/gateway_client.h"
#include "dchat/grpc_status.h"

int main() {
  dchat::v1::SendMessageRequest request;
  request.set_room_id("x");
  dchat::Status status = dchat::FromGrpcStatus(
      dchat::ToGrpcStatus(dchat::NotFoundError("room '" + request.room_id() + "' does not exist")));
  std::printf("dchat SDK found: %s\n", status.ToString().c_str());
  return 0;
}
