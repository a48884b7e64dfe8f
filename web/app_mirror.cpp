// App's screen-reader mirror (window.cmwq.mirror(), the live region of index.html).
#include "web/app.h"
#include "web/model/mirror_text.h"

namespace cmwq::web {

std::string App::api_mirror() {
  sync_indexes();
  const Simulation& sim = runs_.first().sim();
  const PanelContext ctx{runs_.first(), index_, text_, ui_, req_, status_, editor_text_, load_error_, 0, runs_, index_b_};
  const std::string last = sim.events().empty() ? "" : text_.line(sim.world(), sim.events(), sim.events().size() - 1);
  return mirror_text(sim.world(), sim.events(), index_, ui_.selected_pool, code_.note(ctx), last);
}

}  // namespace cmwq::web
