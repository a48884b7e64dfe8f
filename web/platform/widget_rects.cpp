// Named widget rectangles for the automation API.
#include "web/platform/widget_rects.h"

#include <map>

#include "imgui.h"
#include "imgui_internal.h"

namespace cmwq::web {
namespace {

struct Records {
  std::map<std::string, WidgetRect, std::less<>> current;  // being recorded this frame
  std::map<std::string, WidgetRect, std::less<>> last;     // the last complete frame
  std::vector<std::string> notices_current, notices_last;  // the same, for notices
};

Records& records() {
  static Records r;
  return r;
}

// The part of the last item the user can see (inside its window's clip rectangle), if any.
std::optional<WidgetRect> visible_item() {
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b = ImGui::GetItemRectMax();
  const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
  if (a.x >= clip.Max.x || a.y >= clip.Max.y || b.x <= clip.Min.x || b.y <= clip.Min.y) return std::nullopt;
  const float x0 = ImMax(a.x, clip.Min.x), y0 = ImMax(a.y, clip.Min.y);
  const float x1 = ImMin(b.x, clip.Max.x), y1 = ImMin(b.y, clip.Max.y);
  return WidgetRect{x0, y0, x1 - x0, y1 - y0};
}

}  // namespace

void track_widget(std::string_view name) {
  if (const std::optional<WidgetRect> r = visible_item()) records().current[std::string(name)] = *r;
}

void track_notice(std::string_view text) {
  if (visible_item()) records().notices_current.emplace_back(text);
}

void widget_rects_end_frame() {
  Records& r = records();
  r.last.swap(r.current);
  r.current.clear();
  r.notices_last.swap(r.notices_current);
  r.notices_current.clear();
}

const std::vector<std::string>& notices() { return records().notices_last; }

std::optional<WidgetRect> widget_rect(std::string_view name) {
  const Records& r = records();
  const auto it = r.last.find(name);
  if (it == r.last.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> widget_names() {
  std::vector<std::string> out;
  for (const auto& [name, rect] : records().last) out.push_back(name);
  return out;
}

}  // namespace cmwq::web
