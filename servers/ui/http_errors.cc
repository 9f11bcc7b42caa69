#include "ui/http_errors.h"

#include <nlohmann/json.hpp>

#include "ui/json_codec.h"

namespace dchat::ui {

http::status HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk:
      return http::status::ok;
    case Code::kInvalidArgument:
    case Code::kFailedPrecondition:
    case Code::kOutOfRange:
      return http::status::bad_request;
    case Code::kUnauthenticated:
      return http::status::unauthorized;
    case Code::kPermissionDenied:
      return http::status::forbidden;
    case Code::kNotFound:
      return http::status::not_found;
    case Code::kAlreadyExists:
    case Code::kAborted:
      return http::status::conflict;
    case Code::kResourceExhausted:
      return http::status::too_many_requests;
    case Code::kUnavailable:
    case Code::kCancelled:
      return http::status::service_unavailable;
    case Code::kDeadlineExceeded:
      return http::status::gateway_timeout;
    case Code::kUnknown:
    case Code::kUnimplemented:
    case Code::kInternal:
    case Code::kDataLoss:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

std::string ErrorJson(const Status& status) {
  std::string message = status.message();
  if (HttpStatusFor(status.code()) == http::status::internal_server_error) {
    message = "internal error in the chat service; try again later";
  }
  nlohmann::json body = {
      {"error", {{"code", std::string(CodeName(status.code()))}, {"message", message}}}};
  return DumpJson(body);
}

Response ErrorResponse(const Status& status) {
  Response response(HttpStatusFor(status.code()), 11);
  response.set(http::field::content_type, "application/json");
  response.body() = ErrorJson(status);
  response.prepare_payload();
  return response;
}

}  // namespace dchat::ui
