// The cmwq-lab front end: session, playback, requests, layout, links.
#include "web/app.h"

#include <algorithm>
#include <cmath>

#include "core/invariants.h"
#include "core/trace/format.h"
#include "core/trace/text.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "web/platform/browser.h"
#include "web/model/labs_json.h"
#include "web/model/scenario_library.h"
#include "web/model/state_json.h"
#include "web/model/text_util.h"
#include "web/model/url_state.h"
#include "web/model/welcome.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

App* g_app = nullptr;

// Simulation work per frame, at most (the rest of a frame draws and renders).
constexpr auto kFrameBudget = std::chrono::milliseconds(10);
// How far a "run to next" looks, in virtual time.
constexpr Nanos kRunToHorizon = 60 * NSEC_PER_SEC;
// Key positions (USB HID usage ids, which SDL scancodes are): W, A, S, D wherever the
// layout puts those letters.
constexpr int kKeyA = 4, kKeyC = 6, kKeyD = 7, kKeyS = 22, kKeyW = 26, kKey1 = 30, kKey2 = 31, kKey3 = 32;
// With Ctrl, the text size: = (+ shifted) and - of the main row, 0, and the keypad's +, - and 0.
constexpr int kKey0 = 39, kKeyMinus = 45, kKeyEquals = 46, kKeypadMinus = 86, kKeypadPlus = 87, kKeypad0 = 98;

std::string strip_toml(std::string_view file) {
  std::string s(file);
  if (s.size() > 5 && s.ends_with(".toml")) s.resize(s.size() - 5);
  return s;
}

// The text of a shipped scenario: scenarios/NAME.toml, or a lab's "DIR/NAME.toml".
// Sets @p file to its canonical name.
std::optional<std::string_view> shipped_text(std::string_view name, std::string& file) {
  if (const EmbeddedScenario* sc = find_embedded_scenario(name)) {
    file = std::string(sc->file);
    return sc->text;
  }
  return find_lab_scenario(name, &file);
}

bool is_shipped(const std::string& name, const std::string& text) {
  std::string file;
  const auto shipped = shipped_text(name, file);
  return shipped && *shipped == text;
}

// The left column's tabs when the Labs panel is shown: window name, link key, widget name.
struct LeftTabInfo {
  const char* window;
  const char* key;
  const char* widget;
};
constexpr LeftTabInfo kLeftTabs[] = {
    {"Labs", "", "tab labs"},
    {"Scenario", "scenario", "tab scenario"},
    {"Queue work", "queue", "tab queue work"},
};
constexpr const char* kLeftTabsWindow = "##left tabs";

}  // namespace

App::App() : text_size_(storage_get(std::string(kTextSizeKey))) {
  g_app = this;
  // Progress from earlier visits; a link's progress adds to it (apply_link()).
  book_.load_storage([](const std::string& key) { return storage_get(key); });
  const std::string hash = location_hash();
  // The welcome on the first visit; a link opens what it names, without it.
  if (welcome_at_start(storage_get(std::string(kWelcomeSeenKey)), hash)) welcome_.open();
  if (!hash.empty()) apply_link(hash);
  if (!runs_.first().loaded()) {
    // No link, or its scenario could not be loaded (the notice says why): run the
    // default one, but keep a broken text from the link in the editor with its error,
    // for the student to fix.
    const std::string link_text = editor_text_;
    const std::optional<ScenarioError> link_error = load_error_;
    const EmbeddedScenario* sc = find_embedded_scenario(kDefaultScenario);
    if (sc == nullptr) sc = &embedded_scenarios().front();
    load(std::string(sc->file), std::string(sc->text), false);
    if (link_error) {
      editor_text_ = link_text;
      load_error_ = link_error;
    }
  }
  save_progress();
  sync_indexes();
}

void App::save_progress() {
  for (const auto& [key, value] : book_.take_storage_writes()) storage_set(key, value);
}

App::~App() {
  if (g_app == this) g_app = nullptr;
}

App* App::instance() { return g_app; }

// A run that stopped at its budget (core/run_budget.h) stops playing and any run to
// next, and says why in the status line, once per stop.
void App::notice_budget_stop() {
  const Simulation& a = runs_.first().sim();
  const Simulation* b = runs_.comparing() ? &runs_.second().sim() : nullptr;
  const std::optional<BudgetStop>& stop = a.budget_stop() || !b ? a.budget_stop() : b->budget_stop();
  const uint64_t at = stop ? stop->events : 0;
  if (at == announced_stop_) return;
  announced_stop_ = at;
  if (!stop) return;
  ui_.playing = false;
  job_.reset();
  set_message((a.budget_stop() || !b ? "" : "Run B: ") + stop->message());
}

void App::set_message(std::string m) {
  status_.message = std::move(m);
  status_.message_age = 0;
}

void App::load(const std::string& name, const std::string& text, bool keep_editor_on_error) {
  std::string note;  // a new scenario runs under its own kernel: the selector starts over
  const LoadResult r = runs_.load(text, name, {}, note);
  if (!r.ok) {
    load_error_ = r.error;
    if (!keep_editor_on_error) editor_text_ = text;
    set_message(r.error->format());
    return;
  }
  load_error_.reset();
  editor_text_ = text;
  edited_scenario_ = !is_shipped(name, text);
  job_.reset();
  stopped_at_end_ = false;
  ui_.playing = false;
  ui_.selected_task = -1;
  ui_.selected_pool = -1;
  ui_.selected_event = -1;
  ui_.followed_work = -1;
  ++ui_.loads;
  set_message(note.empty() ? "Loaded " + name : note);
}

void App::sync_indexes() {
  const Session& session = runs_.first();
  const Simulation& sim = session.sim();
  const size_t unchanged = session.unchanged_prefix(indexes_history_);
  index_.update(sim.events(), unchanged);
  text_.update(sim.world(), sim.events(), unchanged);
  indexes_history_ = session.history_id();
  measure_viewer_bytes();
  if (ui_.selected_event >= static_cast<int64_t>(sim.events().size())) ui_.selected_event = -1;
  sync_second_indexes();
  runs_.update();
}

// The run's budget counts what the page's models measured they keep per event, a tenth
// over (kViewerBytesPerEvent until the Timeline has read enough of the run to tell): 7.8 B
// an event on the 4-CPU requeue loops, 14.9 on the 64-CPU burn-and-sleep loop; what the
// allocator hands out for them is 3-5 % more than footprint() counts. Measured again
// only when a Timeline read more (footprint() walks every row and work).
void App::measure_viewer_bytes() {
  constexpr size_t kEnoughToTell = 1 << 20;
  const auto per_event = [&](bool second, uint64_t extra) -> uint64_t {
    const size_t read = timeline_.events_read(second);
    if (read < kEnoughToTell || read == measured_read_[second]) return 0;
    measured_read_[second] = read;
    const uint64_t bytes = (timeline_.footprint(second) + extra) * 11 / 10;
    return (bytes + read - 1) / read;
  };
  if (const uint64_t b = per_event(false, event_log_.footprint())) runs_.first().set_viewer_bytes_per_event(b);
  if (!runs_.comparing()) return;
  if (const uint64_t b = per_event(true, 0)) runs_.second().set_viewer_bytes_per_event(b);
}

void App::handle_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  if ((io.KeyCtrl || io.KeySuper) && !io.KeyAlt) {
    const auto pressed = [](int a, int b) { return ImGui::IsKeyPressed(a, false) || ImGui::IsKeyPressed(b, false); };
    if (pressed(kKeyEquals, kKeypadPlus)) change_text_size(+1);
    if (pressed(kKeyMinus, kKeypadMinus)) change_text_size(-1);
    if (pressed(kKey0, kKeypad0)) change_text_size(0);
  }
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) ui_.playing = !ui_.playing;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), true)) ui_.step_forward = true;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow), true)) ui_.step_back = true;
  // 1, 2, 3: what Step does (a kernel line of the followed task, an event, an action).
  if (ImGui::IsKeyPressed(kKey1, false)) ui_.step_size = StepSize::Line;
  if (ImGui::IsKeyPressed(kKey2, false)) ui_.step_size = StepSize::Event;
  if (ImGui::IsKeyPressed(kKey3, false)) ui_.step_size = StepSize::Over;
  // Up/Down walk the event log's selection (the Code panel shows each event's line).
  const auto n = static_cast<int64_t>(runs_.first().sim().events().size());
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow), true) && n > 0)
    ui_.selected_event = ui_.selected_event < 0 ? n - 1 : std::max<int64_t>(0, ui_.selected_event - 1);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow), true) && ui_.selected_event >= 0)
    ui_.selected_event = std::min(n - 1, ui_.selected_event + 1);
  const double dt = std::min(static_cast<double>(io.DeltaTime), 0.1);
  if (ImGui::IsKeyDown(kKeyW)) ui_.timeline_zoom += 3.0 * dt;  // 3 doublings per second held
  if (ImGui::IsKeyDown(kKeyS)) ui_.timeline_zoom -= 3.0 * dt;
  if (ImGui::IsKeyDown(kKeyA)) ui_.timeline_pan -= 1.0 * dt;  // one view width per second held
  if (ImGui::IsKeyDown(kKeyD)) ui_.timeline_pan += 1.0 * dt;
  // C: compare (the chooser), or back to one run.
  if (ImGui::IsKeyPressed(kKeyC, false)) {
    if (runs_.comparing())
      req_.leave_compare = true;
    else
      ui_.open_compare = true;
  }
}

bool App::run_job_step(Clock::time_point deadline) {
  Job& job = *job_;
  for (int n = 0;; ++n) {
    if ((n & 31) == 31 && Clock::now() >= deadline) return false;
    const size_t before = runs_.first().sim().events().size();
    const size_t before_second = runs_.comparing() ? runs_.second().sim().events().size() : 0;
    const bool stepped = runs_.step(job.limit);
    if (job_reached(before, before_second)) {
      job_.reset();
      return true;
    }
    if (!stepped) {
      if (job.type || job.difference) {
        set_message("No " + job.what + " before " + format_time(job.limit));
      } else {
        runs_.run_until(job.limit);
        set_message("Ran until " + format_time(job.limit));
      }
      job_.reset();
      return true;
    }
  }
}

void App::advance(Clock::time_point deadline) {
  status_.behind = false;
  if (job_) {
    status_.running = true;
    status_.running_what = job_->what;
    run_job_step(deadline);
    status_.running = job_.has_value();
    return;
  }
  status_.running = false;
  if (!ui_.playing) return;
  ui_.selected_event = -1;  // the log follows the run again
  const Nanos now = runs_.now();
  const double dt = std::min(static_cast<double>(ImGui::GetIO().DeltaTime), 0.25);
  Nanos target = now + std::max<Nanos>(1, static_cast<Nanos>(static_cast<double>(ui_.speed) * dt));
  const Nanos until = runs_.first().sim().until();
  bool stop_at_end = false;
  if (!stopped_at_end_ && now < until && target >= until) {
    target = until;
    stop_at_end = true;
  }
  bool reached = false;
  for (int n = 0;; ++n) {
    if ((n & 31) == 31 && Clock::now() >= deadline) break;
    if (!runs_.step(target)) {
      reached = true;
      break;
    }
  }
  if (reached) {
    runs_.run_until(target);
  } else {
    status_.behind = true;  // virtual time lags the chosen speed; the page stays responsive
  }
  if (reached && stop_at_end) {
    ui_.playing = false;
    stopped_at_end_ = true;
    set_message("Reached the scenario's end ([run] until = " + format_time(until) + "): play goes on past it");
  }
}

void App::apply_requests() {
  if (ui_.step_back || ui_.step_forward) ui_.selected_event = -1;  // follow the new point
  if (ui_.step_back) {
    job_.reset();
    ui_.playing = false;
    if (!runs_.step_back()) set_message("At the beginning: nothing to step back");
  }
  if (ui_.step_forward) {
    job_.reset();
    ui_.playing = false;
    step_forward(ui_.step_size);
  }
  if (ui_.seek_to) {
    job_.reset();
    ui_.playing = false;
    runs_.seek(std::max<Nanos>(0, *ui_.seek_to));
  }
  ui_.step_back = ui_.step_forward = false;
  ui_.seek_to.reset();

  bool commanded = false;
  for (const std::string& c : req_.commands) {
    const std::string err = runs_.command(c);
    set_message(err.empty() ? "Done: " + c : err);
    commanded |= err.empty();
  }
  // A command's actions are due now: run them (and whatever else is due at this
  // instant), so a click shows its effect at once, also while paused.
  if (commanded) runs_.run_until(runs_.now());
  if (req_.reset) {
    runs_.reset();
    job_.reset();
    ui_.playing = false;
    stopped_at_end_ = false;
    ui_.selected_event = -1;
    set_message("Reset to the start of " + runs_.first().name());
  }
  if (req_.load) load(req_.load->name, req_.load->text, true);
  if (req_.cancel_run && job_) {
    job_.reset();
    set_message("Stopped");
  }
  if (req_.run_to) {
    std::string what = event_type_name(*req_.run_to);
    for (const RunKind& k : run_kinds())
      if (k.type == *req_.run_to) what = k.label;
    ui_.playing = false;
    job_ = Job{req_.run_to, runs_.now() + kRunToHorizon, what};
  }
  if (req_.run_until) {
    ui_.playing = false;
    if (*req_.run_until <= runs_.now())
      runs_.seek(*req_.run_until);
    else
      job_ = Job{std::nullopt, *req_.run_until, "time " + format_time(*req_.run_until)};
  }
  if (req_.copy_link) {
    copy_to_clipboard(page_url_with_hash(current_link()));
    set_message("Link copied to the clipboard");
  }
  if (req_.download_trace || req_.open_perfetto) {
    const Simulation& sim = runs_.first().sim();
    const std::string json = format_perfetto(sim.world(), sim.events(), sim.now());
    const std::string title = strip_toml(runs_.first().name()) + " at " + format_time(sim.now());
    if (req_.download_trace)
      set_message(download_file("cmwq-lab-" + strip_toml(runs_.first().name()) + ".json", json, "application/json"));
    if (req_.open_perfetto) set_message(open_in_perfetto(json, title));
  }
  if (req_.relayout) relayout_ = true;
  if (req_.toggle_labs) {
    labs_shown_ = !labs_shown_;
    left_tab_forced_ = labs_shown_;
    relayout_ = true;
  }
  if (req_.open_docs) set_message(open_docs());
  if (req_.open_welcome) welcome_.open();
  if (req_.text_size_step != 0) change_text_size(req_.text_size_step);
  apply_compare_requests();
  req_ = LabRequests{};
}

// The text size: @p steps larger (A+, Ctrl +) or smaller (A-, Ctrl -); 0 goes back to the
// window's own size (Ctrl 0). Remembered in local storage.
void App::change_text_size(int steps) {
  if (steps == 0)
    text_size_.set(1.0);
  else
    text_size_.step(steps);
  storage_set(kTextSizeKey, text_size_.stored());
  set_message("Text size " + std::to_string(std::lround(text_size_.factor() * 100)) + "% (Ctrl + / Ctrl - / Ctrl 0)");
}

float App::font_pixels() const {
  const ImVec2 ds = ImGui::GetIO().DisplaySize;
  return text_size_.pixels(ds.x, ds.y);
}

// The left column (Controls above, Queue work and Scenario or the Labs tabs below): wide
// enough for the Controls panel's first row of buttons in the current font, and else
// under a third of the window, leaving the rest to the Timeline and the Code panel.
float App::left_column_width() const {
  const float em = ImGui::GetFontSize();
  return std::clamp(layout_w_ * 0.30f, 34.0f * em, 38.0f * em);
}

void App::place(const char* window) {
  const float W = layout_w_, H = layout_h_;
  const float lw = left_column_width();
  const float rw = W - lw, half = std::floor(rw * 0.5f);
  const float hc = std::floor(H * 0.29f), hq = std::floor(H * 0.29f);
  // Compare mode stacks two Timelines: they get the room the panels below them give up.
  const bool stacked = runs_.comparing();
  // The Timeline gets the most height, then Pools and Code, then the tables and the log.
  const float ht = std::floor(H * (stacked ? 0.56f : 0.42f)), hm = std::floor(H * (stacked ? 0.26f : 0.32f));
  const float wq = std::floor(rw * 0.38f);  // the bottom row gives the event log more room
  struct Tile {
    const char* name;
    float x, y, w, h;
  };
  // With the Labs panel, the left column below Controls is a tab strip over one tile.
  const float strip = std::floor(ImGui::GetFrameHeight() + 8.0f);
  const float below = hc + strip;
  const Tile lab_tiles[] = {
      {kLeftTabsWindow, 0, hc, lw, strip},
      {"Labs", 0, below, lw, H - below},
      {"Queue work", 0, below, lw, H - below},
      {"Scenario", 0, below, lw, H - below},
  };
  if (labs_shown_) {
    for (const Tile& t : lab_tiles) {
      if (std::string_view(t.name) != window) continue;
      ImGui::SetNextWindowPos(ImVec2(t.x, t.y), ImGuiCond_Always);
      ImGui::SetNextWindowSize(ImVec2(t.w, t.h), ImGuiCond_Always);
      return;
    }
  }
  const Tile tiles[] = {
      {"Controls", 0, 0, lw, hc},
      {"Queue work", 0, hc, lw, hq},
      {"Scenario", 0, hc + hq, lw, H - hc - hq},
      {"Timeline", lw, 0, rw, ht},
      {"Pools", lw, ht, half, hm},
      {"Code", lw + half, ht, rw - half, hm},
      {"Workqueues", lw, ht + hm, wq, H - ht - hm},
      {"Event log", lw + wq, ht + hm, rw - wq, H - ht - hm},
  };
  for (const Tile& t : tiles) {
    if (std::string_view(t.name) != window) continue;
    const ImGuiCond cond = relayout_ ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(ImVec2(t.x, t.y), cond);
    ImGui::SetNextWindowSize(ImVec2(t.w, t.h), cond);
  }
}

void App::draw_panels() {
  const ImVec2 ds = ImGui::GetIO().DisplaySize;
  if (ds.x != layout_w_ || ds.y != layout_h_) {
    layout_w_ = ds.x;
    layout_h_ = ds.y;
    relayout_ = true;
  }
  status_.labs_shown = labs_shown_;
  status_.docs_served = docs_served();
  status_.text_factor = text_size_.factor();
  PanelContext ctx{runs_.first(), index_, text_, ui_, req_, status_, editor_text_, load_error_, 0, runs_, index_b_};
  // Each panel in its tile, timed (an average over recent frames, for cmwq.frameStats()).
  auto panel = [&](const char* name, auto&& draw) {
    const auto start = Clock::now();
    place(name);
    draw();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    auto it = std::find_if(panel_ms_.begin(), panel_ms_.end(), [&](const auto& p) { return p.first == name; });
    if (it == panel_ms_.end()) it = panel_ms_.insert(panel_ms_.end(), {name, ms});
    it->second += (ms - it->second) * 0.1;
  };
  panel("Controls", [&] { controls_.draw(ctx); });
  if (labs_shown_) {
    draw_left_tabs();
    ctx.window_flags = ImGuiWindowFlags_NoTitleBar;  // the tab above names it
    switch (left_tab_) {
      case LeftTab::Labs:
        panel("Labs", [&] { labs_.draw(ctx, book_); });
        break;
      case LeftTab::Scenario:
        panel("Scenario", [&] { scenario_.draw(ctx); });
        break;
      case LeftTab::QueueWork:
        panel("Queue work", [&] { queue_work_.draw(ctx); });
        break;
    }
    ctx.window_flags = 0;
  } else {
    panel("Queue work", [&] { queue_work_.draw(ctx); });
    panel("Scenario", [&] { scenario_.draw(ctx); });
  }
  panel("Timeline", [&] { draw_timeline(); });
  panel("Pools", [&] { pools_.draw(ctx); });
  panel("Code", [&] { code_.draw(ctx); });
  panel("Workqueues", [&] { workqueues_.draw(ctx); });
  panel("Event log", [&] { event_log_.draw(ctx); });
  relayout_ = false;
  draw_welcome(ctx);

  if (!focus_request_.empty()) {
    ImGui::SetWindowFocus(focus_request_.c_str());
    focus_request_.clear();
  }
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.NavWindow != nullptr && g.NavWindow->RootWindow != nullptr && g.NavWindow->RootWindow->Name[0] != '#')
    focused_ = g.NavWindow->RootWindow->Name;
}

// The tour's pointer over the panels, then the welcome (modal) over everything.
void App::draw_welcome(PanelContext& ctx) {
  welcome_.draw_tour(runs_.first(), index_, left_column_width());
  const WelcomeChoice choice = welcome_.draw();
  if (choice == WelcomeChoice::None) return;
  storage_set(kWelcomeSeenKey, "seen");
  apply_welcome(choice, ctx);
}

void App::apply_welcome(WelcomeChoice choice, PanelContext& ctx) {
  welcome_.tour().stop();
  if (choice == WelcomeChoice::Lab) {
    labs_shown_ = true;
    left_tab_ = LeftTab::Labs;
    left_tab_forced_ = true;
    relayout_ = true;
    const std::optional<size_t> lab = book_.find(kWelcomeLab);
    labs_.open(lab);
    if (lab) labs_.load_start_scenario(ctx, book_, *lab);
  } else if (choice == WelcomeChoice::Sandbox) {
    // The sandbox layout, so the buttons the tour points at are all on screen.
    labs_shown_ = false;
    relayout_ = true;
    if (runs_.comparing()) ctx.req.leave_compare = true;
    if (const EmbeddedScenario* sc = find_embedded_scenario(kTourScenario))
      ctx.req.load = LoadRequest{std::string(sc->file), std::string(sc->text)};
    welcome_.tour().start();
  }
}

void App::draw_left_tabs() {
  place(kLeftTabsWindow);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4.0f, 4.0f));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
  const bool open = ImGui::Begin(kLeftTabsWindow, nullptr, flags);
  ImGui::PopStyleVar();
  if (open && ImGui::BeginTabBar("left tabs")) {
    for (size_t i = 0; i < std::size(kLeftTabs); ++i) {
      const auto tab = static_cast<LeftTab>(i);
      const ImGuiTabItemFlags f = left_tab_forced_ && tab == left_tab_ ? ImGuiTabItemFlags_SetSelected : 0;
      const bool selected = ImGui::BeginTabItem(kLeftTabs[i].window, nullptr, f);
      track_widget(kLeftTabs[i].widget);
      if (selected) {
        // A forced selection takes effect next frame; until then keep the forced tab.
        if (!left_tab_forced_) left_tab_ = tab;
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  left_tab_forced_ = false;
  ImGui::End();
}

std::string App::current_link() const {
  LinkState s;
  const Session& session = runs_.first();
  if (edited_scenario_)
    s.text = session.text();
  else
    s.scenario = strip_toml(session.name());
  s.seed = session.seed();
  s.at = session.position();
  s.commands = session.commands();
  link_compare(s);
  s.panel = focused_;
  s.task = ui_.selected_task;
  if (labs_shown_) {
    const std::optional<size_t> lab = labs_.open_lab();
    s.lab = lab ? book_.entry(*lab).files.dir : "-";
    s.tab = kLeftTabs[static_cast<size_t>(left_tab_)].key;
  }
  s.progress = book_.encode_progress();
  return encode_link(s);
}

// Opens a link: every part that can be restored is, and what cannot be is said in the
// notice above the Timeline ("could not restore: ..."), which stays, with the address as
// given, until the student changes something (sync_hash()).
void App::apply_link(std::string_view hash) {
  written_hash_ = std::string(hash);
  LinkRead read = read_link(hash);
  std::vector<std::string>& problems = read.problems;
  apply_link_labs(read.state, problems);
  relayout_ = true;
  if (read.has_scenario && load_link_scenario(read.state, problems)) restore_link(read.state, problems);
  std::string notice;
  for (const std::string& p : problems) notice += (notice.empty() ? "could not restore: " : "; ") + p;
  set_link_notice(notice);
  if (notice.empty()) set_message("Restored the state from the link");
}

// The Labs panel and the lab progress (which only ever adds to what is known).
void App::apply_link_labs(const LinkState& s, std::vector<std::string>& problems) {
  std::string progress_error;
  if (!s.progress.empty() && !book_.merge_progress(s.progress, progress_error)) problems.push_back(progress_error);
  labs_shown_ = !s.lab.empty();
  if (!labs_shown_) return;
  const std::optional<size_t> lab = s.lab == "-" ? std::nullopt : book_.find(s.lab);
  if (s.lab != "-" && !lab) problems.push_back("`lab=" + s.lab + "`: there is no such lab; the list of labs is shown");
  labs_.open(lab);
  left_tab_ = LeftTab::Labs;
  for (size_t i = 0; i < std::size(kLeftTabs); ++i)
    if (s.tab == kLeftTabs[i].key) left_tab_ = static_cast<LeftTab>(i);
  left_tab_forced_ = true;
}

// The link's scenario (shipped or its own text) with its seed and kernel; false if it
// could not be loaded (a text that does not parse stays in the editor with its error).
bool App::load_link_scenario(const LinkState& s, std::vector<std::string>& problems) {
  std::string name = "edited.toml", text = s.text;
  if (text.empty()) {
    const std::optional<std::string_view> shipped = shipped_text(s.scenario, name);
    if (!shipped) {
      problems.push_back("`scenario=" + s.scenario + "`: this build has no such scenario");
      return false;
    }
    text = std::string(*shipped);
  }
  LoadOptions load_options;
  load_options.seed = s.seed;
  load_options.kernel = parse_kernel_version(s.kernel);
  runs_.stop_comparing();
  std::string note;
  const LoadResult r = runs_.load(text, name, load_options, note);
  editor_text_ = text;
  if (!r.ok) {
    load_error_ = r.error;
    problems.push_back("the scenario in the link does not parse: " + r.error->format());
    return false;
  }
  load_error_.reset();
  edited_scenario_ = !is_shipped(name, text);
  job_.reset();
  ui_.playing = false;
  return true;
}

// The link's commands and point of the run, compare mode, the selection and the focus.
void App::restore_link(const LinkState& s, std::vector<std::string>& problems) {
  const std::string err = runs_.first().restore(s.commands, s.at);
  if (!err.empty()) problems.push_back("a command in the link failed: " + err);
  const std::string compare_err = apply_link_compare(s);
  if (!compare_err.empty()) problems.push_back("the comparison in the link failed: " + compare_err);
  ui_.selected_task = s.task;
  ui_.selected_event = -1;
  focus_request_ = s.panel;
  stopped_at_end_ = runs_.now() >= runs_.first().sim().until();
}

void App::set_link_notice(std::string notice) {
  link_notice_ = std::move(notice);
  link_made_.clear();
  timeline_.set_notice(link_notice_);
}

void App::sync_hash() {
  hash_clock_ += ImGui::GetIO().DeltaTime;
  if (hash_clock_ < 0.5) return;
  hash_clock_ = 0;
  // Someone changed the hash (pasted a link into this tab): go there.
  const std::string outside = location_hash();
  if (!outside.empty() && outside != written_hash_) {
    apply_link(outside);
    return;
  }
  if (job_) return;  // no point in writing intermediate states of a long run
  const std::string link = current_link();
  if (link == written_hash_) return;
  // A link restored only in part stays in the address, and its notice on screen, until
  // the student changes what a link would hold (the first check sees the state it made).
  if (!link_notice_.empty()) {
    if (link_made_.empty()) link_made_ = link;
    if (link == link_made_) return;
    set_link_notice("");
  }
  set_location_hash(link);
  written_hash_ = link;
}

void App::frame() {
  ++frames_;
  const auto start = Clock::now();
  status_.message_age += ImGui::GetIO().DeltaTime;
  const std::string pasted = take_pasted_text();
  if (!pasted.empty()) ImGui::GetIO().AddInputCharactersUTF8(pasted.c_str());

  handle_keys();
  advance(start + kFrameBudget);
  notice_budget_stop();
  sync_indexes();
  status_.frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  sim_ms_ += (status_.frame_ms - sim_ms_) * 0.1;
  draw_panels();
  apply_requests();
  notice_budget_stop();
  save_progress();
  sync_indexes();
  ui_.timeline_zoom = 0;
  ui_.timeline_pan = 0;
  widget_rects_end_frame();
  sync_hash();
}

// --- automation API ----------------------------------------------------------------

std::string App::api_load(std::string_view name_or_text) {
  std::string name;
  const std::optional<std::string_view> shipped = shipped_text(name_or_text, name);
  if (!shipped) name = "edited.toml";
  const std::string text = shipped ? std::string(*shipped) : std::string(name_or_text);
  load(name, text, false);
  sync_indexes();
  return load_error_ ? load_error_->format() : "";
}

double App::api_run(double ms) {
  job_.reset();
  ui_.playing = false;
  runs_.run_until(runs_.now() + static_cast<Nanos>(ms * 1e6));
  sync_indexes();
  return static_cast<double>(runs_.now()) / 1e6;
}

bool App::api_step_back() {
  job_.reset();
  ui_.playing = false;
  ui_.selected_event = -1;  // as the Back button: the panels follow the new point
  const bool r = runs_.step_back();
  sync_indexes();
  return r;
}

int64_t App::api_run_to_next(std::string_view kind) {
  const bool difference = kind == "difference";
  const std::optional<EventType> type = find_run_kind(kind);
  if (!type && !(difference && runs_.comparing())) return -2;
  ui_.playing = false;
  if (difference && runs_.difference()) return static_cast<int64_t>(runs_.difference()->index);  // found already
  job_ = Job{type, runs_.now() + kRunToHorizon, std::string(kind), difference};
  const size_t before = runs_.first().sim().events().size();
  run_job_step(Clock::time_point::max());
  job_.reset();
  sync_indexes();
  if (difference) return runs_.difference() ? static_cast<int64_t>(runs_.difference()->index) : -1;
  const auto& log = runs_.first().sim().events();
  for (size_t k = before; k < log.size(); ++k)
    if (log[k].type == *type) return static_cast<int64_t>(k);
  return -1;
}

std::string App::api_command(std::string_view text) {
  const std::string err = runs_.command(std::string(text));
  sync_indexes();
  return err;
}

std::string App::api_state(int run) {
  sync_indexes();
  if (run == 1) return runs_.comparing() ? state_json(runs_.second(), index_b_, text_b_) : "null";
  return state_json(runs_.first(), index_, text_);
}

std::string App::api_link() { return current_link(); }

std::string App::api_invariants() const {
  if (!runs_.first().loaded()) return "";
  // Where they hold: at the end of the action a line or event step stands inside.
  const std::string first = check_invariants(runs_.first().sim().settled_world());
  if (!first.empty() || !runs_.comparing()) return first;
  const std::string second = check_invariants(runs_.second().sim().settled_world());
  return second.empty() ? "" : "second run: " + second;
}

std::string App::api_labs() const {
  LabsPanelState panel;
  panel.shown = labs_shown_;
  if (labs_.open_lab()) panel.open = book_.entry(*labs_.open_lab()).files.dir;
  panel.tab = labs_shown_ ? kLeftTabs[static_cast<size_t>(left_tab_)].window : "";
  return labs_json(book_, panel);
}

std::string App::api_welcome() const {
  std::string s = std::string("{\"open\":") + (welcome_.is_open() ? "true" : "false") + ",\"tour\":";
  const Tour& tour = welcome_.tour();
  if (!tour.active()) return s + "null}";
  s += "{\"step\":" + std::to_string(tour.step() + 1) + ",\"steps\":" + std::to_string(tour_steps().size()) +
       ",\"finished\":" + (tour.finished() ? "true" : "false") + ",\"press\":";
  append_json_string(s, tour.finished() ? "play" : tour_steps()[tour.step()].widget);
  s += ",\"text\":";
  append_json_string(s, tour.text());
  return s + "}}";
}

std::string App::api_notices() const {
  std::string s = "[";
  for (const std::string& n : notices()) {
    if (s.size() > 1) s += ',';
    append_json_string(s, n);
  }
  return s + "]";
}

std::string App::api_text_size() const {
  std::string s;
  appendf(s, "{\"factor\":%.2f,\"pixels\":%.0f,\"font\":%.2f}", text_size_.factor(), font_pixels(),
          ImGui::GetFontSize());
  return s;
}

std::string App::api_set_text_size(double factor) {
  if (text_size_.set(factor)) storage_set(kTextSizeKey, text_size_.stored());
  return api_text_size();
}

std::string App::api_panel_times() const {
  std::string s = "{";
  for (const auto& [name, ms] : panel_ms_) {
    if (s.size() > 1) s += ',';
    s += "\"" + name + "\":" + std::to_string(ms);
  }
  s += ",\"simulation\":" + std::to_string(sim_ms_) + "}";
  return s;
}

}  // namespace cmwq::web
