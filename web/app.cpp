#include "web/app.h"

#include "web/welcome_panel.h"

namespace cmwq::web {

void App::frame() {
    draw_welcome_panel();
}

}  // namespace cmwq::web
