#pragma once
/// @file
/// @brief Every colour of the lab's panels and the Timeline, chosen in one place: one
/// thing (a worker state, the manager, a workqueue, free pages, a mayday, an error) has
/// one colour in every panel.
///
/// Colours are plain 0xAABBGGRR words (the layout of ImGui's IM_COL32), so ImGui-free
/// code can name them; ImGui code passes them as ImU32, or converts them with
/// ImGui::ColorConvertU32ToFloat4() where ImGui wants an ImVec4. They suit ImGui's dark
/// style. Which colour each worker state gets is worker_show_color() (worker_view.h).

#include <cstdint>

namespace cmwq::web::palette {

/// A colour from its red, green, blue and alpha bytes.
constexpr uint32_t rgba(uint32_t r, uint32_t g, uint32_t b, uint32_t a = 255) {
  return (a << 24) | (b << 16) | (g << 8) | r;
}
/// @p c with its alpha replaced by @p a.
constexpr uint32_t with_alpha(uint32_t c, uint32_t a) { return (c & 0x00ffffffu) | (a << 24); }
/// True if black text reads better than white on @p c (perceived brightness over 150).
constexpr bool is_light(uint32_t c) {
  const float r = static_cast<float>(c & 0xff);
  const float g = static_cast<float>((c >> 8) & 0xff);
  const float b = static_cast<float>((c >> 16) & 0xff);
  return (0.299f * r + 0.587f * g + 0.114f * b) > 150.0f;
}

/// @name Worker states (WorkerShow), in the Timeline's state strips and the Pools panel
/// @{
constexpr uint32_t kRunning = rgba(67, 160, 71);        ///< On a CPU: green.
constexpr uint32_t kRunnable = rgba(174, 213, 129);     ///< Waiting on a runqueue: light green.
constexpr uint32_t kSleeping = rgba(120, 144, 156);     ///< Asleep in its work: blue grey.
constexpr uint32_t kBlockedMemory = rgba(229, 57, 53);  ///< In direct reclaim: red.
constexpr uint32_t kIdle = rgba(70, 76, 86);            ///< On the idle list: dark grey.
constexpr uint32_t kManager = rgba(141, 110, 99);       ///< In manage_workers(): brown.
constexpr uint32_t kRescuer = rgba(171, 71, 188);       ///< A rescuer at work: purple.
constexpr uint32_t kRescuerIdle = rgba(96, 58, 110);    ///< A rescuer waiting for maydays: dim purple.
constexpr uint32_t kCpuIntensive = rgba(224, 192, 32);  ///< WORKER_CPU_INTENSIVE: yellow.
constexpr uint32_t kDead = rgba(48, 48, 48);            ///< Exited.
/// @}

/// @name Workqueues
/// @{

/// Work slices are coloured by workqueue, from this cycle (no greens or reds, which mean
/// running and blocked on memory).
constexpr uint32_t kWorkqueues[] = {
    rgba(66, 133, 244),   // blue
    rgba(171, 71, 188),   // purple
    rgba(255, 167, 38),   // orange
    rgba(38, 198, 218),   // cyan
    rgba(236, 64, 122),   // pink
    rgba(92, 107, 192),   // indigo
    rgba(255, 213, 79),   // amber
    rgba(0, 150, 136),    // teal
    rgba(186, 104, 200),  // orchid
    rgba(79, 195, 247),   // light blue
};
/// Number of colours in kWorkqueues.
constexpr uint32_t kWorkqueueCount = sizeof kWorkqueues / sizeof kWorkqueues[0];
/// A work slice whose workqueue is unknown.
constexpr uint32_t kNoWorkqueue = rgba(158, 158, 158);
/// @}

/// @name Events worth a glyph (the Timeline's markers)
/// @{
constexpr uint32_t kWorkerCreated = rgba(129, 199, 132);    ///< A worker was created.
constexpr uint32_t kWorkerDestroyed = rgba(189, 189, 189);  ///< Idle culling destroyed a worker.
constexpr uint32_t kFailure = rgba(244, 67, 54);            ///< create_worker() or an allocation failed.
constexpr uint32_t kMayday = rgba(255, 152, 0);             ///< The mayday timer fired; its bar's edges and ticks.
constexpr uint32_t kMaydayTimer = rgba(255, 152, 0, 110);   ///< The mayday timer's bar: armed, before now.
constexpr uint32_t kMaydayAhead = rgba(255, 152, 0, 45);    ///< What is left of an armed mayday timer, after now.
constexpr uint32_t kMaydaySent = rgba(255, 87, 34);         ///< send_mayday().
constexpr uint32_t kRescuerStep = rgba(206, 147, 216);      ///< A rescuer woke, took a work, left a pool.
constexpr uint32_t kLockup = rgba(255, 23, 68);             ///< The watchdog's "workqueue lockup".
constexpr uint32_t kWarn = rgba(255, 235, 59);              ///< A WARN.
constexpr uint32_t kCpuHog = rgba(255, 171, 64);            ///< A worker hogged its CPU.
constexpr uint32_t kHotplug = rgba(224, 224, 224);          ///< A CPU went online or offline.
constexpr uint32_t kScripted = rgba(100, 181, 246);         ///< A scenario or user action.
constexpr uint32_t kGlyphEdge = rgba(0, 0, 0, 220);         ///< The outline of a glyph.
/// @}

/// @name Memory (the Pools panel's bar, the Timeline's memory tracks)
/// @{
constexpr uint32_t kFreePages = rgba(77, 208, 225);       ///< Free pages: cyan.
constexpr uint32_t kPageCache = rgba(70, 110, 180);       ///< The page cache: blue.
constexpr uint32_t kHogged = rgba(200, 60, 60);           ///< Pages a memory hog holds.
constexpr uint32_t kKernelObjects = rgba(150, 90, 190);   ///< Workers, stacks and other kernel objects.
constexpr uint32_t kHeldByWorks = rgba(210, 170, 50);     ///< Pages works allocated.
constexpr uint32_t kWmarkMin = rgba(239, 83, 80, 220);    ///< The min watermark's line.
constexpr uint32_t kWmarkLow = rgba(255, 167, 38, 220);   ///< The low watermark's line.
constexpr uint32_t kWmarkHigh = rgba(255, 238, 88, 200);  ///< The high watermark's line.
/// @}

/// @name Pool counters (the Timeline's counter tracks)
/// @{
constexpr uint32_t kNrRunning = rgba(102, 187, 106);  ///< pool->nr_running.
constexpr uint32_t kNrIdle = rgba(144, 164, 174);     ///< pool->nr_idle.
constexpr uint32_t kWorklist = rgba(255, 183, 77);    ///< Length of pool->worklist.
/// @}

/// @name Marks of the user's attention
/// @{
constexpr uint32_t kFollow = rgba(255, 235, 59);           ///< The followed work: yellow.
constexpr uint32_t kCursor = rgba(255, 82, 82);            ///< The time cursor: red.
constexpr uint32_t kDifference = rgba(224, 64, 251);       ///< Compare mode: the runs' first difference, magenta.
constexpr uint32_t kRunA = rgba(100, 181, 246);            ///< Compare mode: the first run's tag, blue.
constexpr uint32_t kRunB = rgba(255, 167, 38);             ///< Compare mode: the second run's tag, orange.
constexpr uint32_t kSelectedRow = rgba(66, 150, 250, 40);  ///< Behind a selected row or group.
constexpr uint32_t kSelectedBox = rgba(255, 255, 255);     ///< Around a selected worker box.
constexpr uint32_t kErrorLine = rgba(220, 60, 60, 70);     ///< Behind the editor's line with an error.
constexpr uint32_t kErrorColumn = rgba(255, 90, 90);       ///< Under the error's column.
/// @}

/// @name Cause-and-effect arrows on the Timeline (web/model/cause_flows.h), one colour per story
/// @{
constexpr uint32_t kCauseMayday = rgba(255, 128, 171);  ///< Mayday timer -> send_mayday() -> rescuer: pink.
constexpr uint32_t kCauseReclaim = rgba(0, 229, 255);   ///< Direct reclaim -> writeback -> pages freed: cyan.
/// @}

/// @name Lines, backgrounds and plain text
/// @{
constexpr uint32_t kGrid = rgba(255, 255, 255, 22);        ///< Vertical grid lines at the ticks.
constexpr uint32_t kRowLine = rgba(255, 255, 255, 28);     ///< Under a task row.
constexpr uint32_t kCpuRowLine = rgba(255, 255, 255, 16);  ///< Under a CPU row.
constexpr uint32_t kBaseline = rgba(255, 255, 255, 30);    ///< A counter track's zero line.
constexpr uint32_t kHeaderBg = rgba(255, 255, 255, 18);    ///< Behind a group header.
constexpr uint32_t kAxisBg = rgba(255, 255, 255, 10);      ///< Behind the time axis.
constexpr uint32_t kTick = rgba(200, 200, 200, 160);       ///< A major tick.
constexpr uint32_t kMinorTick = rgba(200, 200, 200, 90);   ///< A minor tick.
constexpr uint32_t kTickLabel = rgba(200, 200, 200);       ///< A tick's time.
constexpr uint32_t kFrame = rgba(120, 120, 120);           ///< Around a bar.
constexpr uint32_t kMark = rgba(255, 255, 255, 200);       ///< A tick on a bar (the Pools panel's watermarks).
constexpr uint32_t kLabelBg = rgba(0, 0, 0, 150);          ///< Behind a label drawn over a track.
constexpr uint32_t kArrowEdge = rgba(0, 0, 0, 200);        ///< Around a flow's dots.
constexpr uint32_t kFoldArrow = rgba(220, 220, 220);       ///< A group header's fold arrow.
constexpr uint32_t kTitle = rgba(235, 235, 235);           ///< A group header's title.
constexpr uint32_t kText = rgba(230, 230, 230);            ///< A row's name.
constexpr uint32_t kValue = rgba(220, 220, 220);           ///< A CPU row's name, a counter's value.
constexpr uint32_t kTextDim = rgba(170, 170, 170);         ///< Less important text (an exited task).
constexpr uint32_t kTextOnLight = rgba(0, 0, 0);           ///< Text on a light slice.
constexpr uint32_t kTextOnDark = rgba(255, 255, 255);      ///< Text on a dark slice, the cursor's time.
constexpr uint32_t kBoxTextOnLight = rgba(20, 20, 20);     ///< A worker box's name on a light state.
constexpr uint32_t kBoxTextOnDark = rgba(250, 250, 250);   ///< A worker box's name on a dark state.
/// @}

/// @name Words that need attention
/// @{
constexpr uint32_t kErrorText = rgba(255, 115, 115);   ///< An error, a wrong answer, tasks stuck in reclaim.
constexpr uint32_t kCautionText = rgba(255, 217, 77);  ///< Not applied yet, busy, not marked: wait and see.
constexpr uint32_t kGoodText = rgba(115, 217, 115);    ///< A right answer, a solved challenge.
constexpr uint32_t kMaydayText = rgba(255, 166, 77);   ///< Mayday events and the mayday timer, in words.
/// @}

/// @name Event groups in the Event log
/// @{
constexpr uint32_t kLogWorkqueue = rgba(235, 235, 235);  ///< The workqueue tracepoints.
constexpr uint32_t kLogSched = rgba(158, 158, 168);      ///< Scheduler events.
constexpr uint32_t kLogWorkOps = rgba(191, 217, 255);    ///< Operations of work programs.
constexpr uint32_t kLogWorkers = rgba(166, 217, 191);    ///< Worker lifecycle and management.
constexpr uint32_t kLogMemory = rgba(242, 153, 191);     ///< Memory.
constexpr uint32_t kLogWatchdog = rgba(255, 102, 102);   ///< The watchdog.
constexpr uint32_t kLogOther = rgba(204, 204, 153);      ///< Everything else.
/// @}

/// @name Lab text (Markdown)
/// @{
constexpr uint32_t kHeading1 = rgba(255, 199, 102);  ///< A first-level heading, a lab's number.
constexpr uint32_t kHeading2 = rgba(140, 204, 255);  ///< A second-level heading, "Question 1 of 3".
constexpr uint32_t kCode = rgba(158, 224, 255);      ///< `code` and code blocks.
constexpr uint32_t kCodeBg = rgba(55, 65, 85);       ///< Behind `code`.
constexpr uint32_t kBold = rgba(255, 255, 209);      ///< **bold**.
constexpr uint32_t kItalic = rgba(217, 217, 242);    ///< *italic*.
/// @}

}  // namespace cmwq::web::palette
