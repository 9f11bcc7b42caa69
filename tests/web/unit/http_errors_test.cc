#include "ui/http_errors.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace dchat::ui {
namespace {

TEST(HttpStatusForTest, MapsEveryCode) {
  struct Case {
    Code code;
    http::status status;
  };
  const Case cases[] = {
      {Code::kOk, http::status::ok},
      {Code::kInvalidArgument, http::status::bad_request},
      {Code::kFailedPrecondition, http::status::bad_request},
      {Code::kOutOfRange, http::status::bad_request},
      {Code::kUnauthenticated, http::status::unauthorized},
      {Code::kPermissionDenied, http::status::forbidden},
      {Code::kNotFound, http::status::not_found},
      {Code::kAlreadyExists, http::status::conflict},
      {Code::kAborted, http::status::conflict},
      {Code::kResourceExhausted, http::status::too_many_requests},
      {Code::kUnavailable, http::status::service_unavailable},
      {Code::kCancelled, http::status::service_unavailable},
      {Code::kDeadlineExceeded, http::status::gateway_timeout},
      {Code::kUnknown, http::status::internal_server_error},
      {Code::kUnimplemented, http::status::internal_server_error},
      {Code::kInternal, http::status::internal_server_error},
      {Code::kDataLoss, http::status::internal_server_error},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(HttpStatusFor(c.code), c.status) << CodeName(c.code);
  }
}

TEST(ErrorJsonTest, CarriesCodeAndMessage) {
  nlohmann::json body = nlohmann::json::parse(ErrorJson(NotFoundError("room 'x' does not exist")));
  EXPECT_EQ(body["error"]["code"], "NOT_FOUND");
  EXPECT_EQ(body["error"]["message"], "room 'x' does not exist");
}

TEST(ErrorJsonTest, HidesInternalDetails) {
  nlohmann::json body = nlohmann::json::parse(ErrorJson(InternalError("sqlite: disk I/O error")));
  EXPECT_EQ(body["error"]["code"], "INTERNAL");
  EXPECT_EQ(body["error"]["message"].get<std::string>().find("sqlite"), std::string::npos);
}

TEST(ErrorJsonTest, SurvivesInvalidUtf8) {
  std::string body = ErrorJson(InvalidArgumentError("bad name '\xff'"));
  EXPECT_TRUE(nlohmann::json::accept(body));
}

TEST(ErrorResponseTest, IsJsonWithMappedStatus) {
  Response response = ErrorResponse(PermissionDeniedError("no"));
  EXPECT_EQ(response.result(), http::status::forbidden);
  EXPECT_EQ(response[http::field::content_type], "application/json");
  EXPECT_TRUE(nlohmann::json::accept(response.body()));
}

}  // namespace
}  // namespace dchat::ui
