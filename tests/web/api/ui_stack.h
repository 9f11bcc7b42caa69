// UiStack: the five dchat servers and dchat-ui as real processes, each on a
// port of its own choosing, with data in a temporary folder.
#ifndef DCHAT_TESTS_WEB_API_UI_STACK_H_
#define DCHAT_TESTS_WEB_API_UI_STACK_H_

#include <memory>
#include <string>
#include <vector>

#include "dchat/status.h"
#include "support/server_process.h"
#include "support/system.h"

namespace dchat::ui::testing {

class UiStack {
 public:
  // `ui_arguments` are extra flags of dchat-ui.
  explicit UiStack(std::vector<std::string> ui_arguments = {})
      : ui_arguments_(std::move(ui_arguments)) {}

  // Starts the servers; the first error stops the rest.
  Status Start();

  // dchat-ui's HOST:PORT; empty until Start() has started it.
  const std::string& ui_address() const {
    static const std::string kNotStarted;
    return ui_ ? ui_->address() : kNotStarted;
  }
  dchat::testing::System& system() { return system_; }
  // nullptr until Start() has started dchat-ui, which comes last.
  dchat::testing::ServerProcess* ui() { return ui_.get(); }

 private:
  std::vector<std::string> ui_arguments_;
  dchat::testing::System system_;
  std::unique_ptr<dchat::testing::ServerProcess> ui_;
};

}  // namespace dchat::ui::testing

#endif  // DCHAT_TESTS_WEB_API_UI_STACK_H_
