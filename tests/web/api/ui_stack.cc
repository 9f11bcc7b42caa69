#include "api/ui_stack.h"

namespace dchat::ui::testing {

Status UiStack::Start() {
  DCHAT_RETURN_IF_ERROR(system_.Start());

  std::vector<std::string> arguments = {"--gateway", system_.gateway_address(), "--threads",
                                        "2"};
  arguments.insert(arguments.end(), ui_arguments_.begin(), ui_arguments_.end());
  ui_ = std::make_unique<dchat::testing::ServerProcess>(
      dchat::testing::ServerBinaryDir() / "dchat-ui", std::move(arguments));
  return ui_->Start();
}

}  // namespace dchat::ui::testing
