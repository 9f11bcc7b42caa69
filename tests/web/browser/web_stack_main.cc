// dchat_web_stack: starts the five dchat servers and dchat-ui for the
// browser test, writes "ui http://HOST:PORT" to stdout once they are up,
// and stops them all when its standard input closes or on SIGTERM.
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "api/ui_stack.h"

namespace {

volatile std::sig_atomic_t stop_requested = 0;

void RequestStop(int) { stop_requested = 1; }

// Returns when stdin reaches end of file (the parent died or closed the
// pipe) or a stop signal arrives.
void WaitForStop() {
  while (!stop_requested) {
    pollfd input{STDIN_FILENO, POLLIN, 0};
    int ready = poll(&input, 1, 200);
    if (ready > 0) {
      char byte;
      if (read(STDIN_FILENO, &byte, 1) <= 0) return;
    }
  }
}

}  // namespace

int main() {
  std::signal(SIGTERM, RequestStop);
  std::signal(SIGINT, RequestStop);

  dchat::ui::testing::UiStack stack;
  dchat::Status started = stack.Start();
  if (!started.ok()) {
    std::fprintf(stderr, "starting the servers failed: %s\n", started.ToString().c_str());
    return 1;
  }
  std::printf("ui http://%s\n", stack.ui_address().c_str());
  std::fflush(stdout);

  WaitForStop();
  return 0;
}
