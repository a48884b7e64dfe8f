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
};

Records& records() {
  static Records r;
  return r;
}

}  // namespace

void track_widget(std::string_view name) {
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b = ImGui::GetItemRectMax();
  // Only the part the user can see: inside the clip rectangle of its window.
  const ImGuiWindow* win = ImGui::GetCurrentWindow();
  const ImRect clip = win->ClipRect;
  if (a.x >= clip.Max.x || a.y >= clip.Max.y || b.x <= clip.Min.x || b.y <= clip.Min.y) return;
  const float x0 = ImMax(a.x, clip.Min.x), y0 = ImMax(a.y, clip.Min.y);
  const float x1 = ImMin(b.x, clip.Max.x), y1 = ImMin(b.y, clip.Max.y);
  records().current[std::string(name)] = WidgetRect{x0, y0, x1 - x0, y1 - y0};
}

void widget_rects_end_frame() {
  Records& r = records();
  r.last.swap(r.current);
  r.current.clear();
}

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
