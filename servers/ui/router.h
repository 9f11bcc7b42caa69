// Routes one HTTP request (not a WebSocket upgrade) to its handler: the
// page and its files, the JSON API, or the form endpoints.
#ifndef DCHAT_SERVERS_UI_ROUTER_H_
#define DCHAT_SERVERS_UI_ROUTER_H_

#include "ui/http_types.h"
#include "ui/shared_state.h"

namespace dchat::ui {

// Calls `respond` once, possibly later from a gateway call pool thread.
void RouteRequest(SharedState& state, Request request, Respond respond);

}  // namespace dchat::ui

#endif  // DCHAT_SERVERS_UI_ROUTER_H_
