// The screen-reader mirror's text (web/model/mirror_text.h): which pool's "why" it reads
// and how the three parts are put together, in the starvation sandbox at its mayday.
#include "web/model/mirror_text.h"

#include <gtest/gtest.h>

#include "core/world.h"
#include "web/model/scenario_library.h"
#include "web/model/session.h"
#include "web/model/worker_view.h"

namespace cmwq::web {
namespace {

// The sandbox after "starve memory", three blocking works on CPU 0 and its first mayday.
Session sandbox_at_mayday() {
  Session s;
  const EmbeddedScenario* sc = find_embedded_scenario("starvation-sandbox");
  EXPECT_NE(sc, nullptr);
  if (!sc) return s;
  EXPECT_TRUE(s.load(std::string(sc->text), std::string(sc->file)).ok);
  EXPECT_EQ(s.command("hog all"), "");
  EXPECT_EQ(s.command("queue q0 cpu=0 count=3 name=blk: alloc 16 GFP_KERNEL; burn 1ms; free 16"), "");
  auto mayday = [&s] {
    for (const Event& e : s.sim().events())
      if (e.type == EventType::MaydaySent) return true;
    return false;
  };
  for (int i = 0; i < 100000 && !mayday(); ++i)
    if (!s.step()) break;
  EXPECT_TRUE(mayday());
  return s;
}

TEST(MirrorText, EmptyWhenNothingToSay) {
  const World w;
  EventIndex index;
  index.update({}, 0);
  EXPECT_EQ(mirror_pool(w, {}, index, -1), -1);
  EXPECT_EQ(mirror_text(w, {}, index, -1, "", ""), "");
  EXPECT_EQ(mirror_text(w, {}, index, -1, "waits for pages", ""), "Code: waits for pages");
  EXPECT_EQ(mirror_text(w, {}, index, -1, "", "the line"), "Last event: the line");
}

TEST(MirrorText, ReadsTheSelectedPoolElseTheFirstWithAWhy) {
  const Session s = sandbox_at_mayday();
  const World& w = s.sim().world();
  const auto& log = s.sim().events();
  EventIndex index;
  index.update(log, s.history_id());
  // Pool 0 (CPU 0 normal) sent the mayday: it has a "why"; CPU 0's highpri pool did nothing.
  const std::string why0 = pool_why(w, log, index, 0);
  ASSERT_FALSE(why0.empty());
  ASSERT_TRUE(pool_shown(w, 1));
  ASSERT_TRUE(pool_why(w, log, index, 1).empty());
  EXPECT_EQ(mirror_pool(w, log, index, -1), 0);
  EXPECT_EQ(mirror_pool(w, log, index, 1), 0);  // selected, but nothing to say: the first that has
  EXPECT_EQ(mirror_pool(w, log, index, 0), 0);
  EXPECT_EQ(mirror_pool(w, log, index, 999), 0);  // out of range: ignored
  EXPECT_EQ(mirror_text(w, log, index, 1, "note", "event"),
            "Code: note\nPools: " + pool_title(w, 0) + ", why: " + why0 + "\nLast event: event");
}

}  // namespace
}  // namespace cmwq::web
