// Text rectangles of a frame, read from its draw lists, for the layout tests.
#include "web/platform/text_rects.h"

#include <cmath>
#include <vector>

#include "core/trace/text.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace cmwq::web {
namespace {

// A run of glyphs on one line of one draw command.
struct Run {
  ImRect box;                 // the glyphs' ink, in CSS pixels
  ImVec4 clip;                // the draw command's clip rectangle
  bool cut_x = false, cut_y = false;
  std::string text;           // the glyphs' characters (spaces where the gaps are)
  float pen_x = 0, line_y = 0;  // where the next glyph of the run would be drawn
  std::string window, root;   // the draw list's window and its root window
  bool scroll_x = false, scroll_y = false;  // that window shows a scrollbar this way
  std::string allowed;        // why cut text is fine here, or ""
};

struct AllowedRect {
  ImRect rect;
  std::string why;
};

struct TextRecords {
  bool on = false;
  std::vector<AllowedRect> allowed;  // this frame's places where cut text is by design
  std::vector<Run> runs;             // the last recorded frame
};

TextRecords& records() {
  static TextRecords r;
  return r;
}

// The glyph whose texture box holds (u0, v0)-(u1, v1) (the whole glyph, or a part ImGui
// cut), or nullptr: the atlas packs glyphs without overlap, so at most one does.
const ImFontGlyph* find_glyph(const ImVec2& uv0, const ImVec2& uv1) {
  constexpr float kEps = 1e-6f;
  for (const ImFont* font : ImGui::GetIO().Fonts->Fonts)
    for (const ImFontGlyph& g : font->Glyphs)
      if (g.Visible && uv0.x >= g.U0 - kEps && uv1.x <= g.U1 + kEps && uv0.y >= g.V0 - kEps && uv1.y <= g.V1 + kEps)
        return &g;
  return nullptr;
}

// The four vertices at idx[0..5] if they are one axis-aligned textured quad as
// ImFont::RenderText() writes it (v0 top left, v1 top right, v2 bottom right, v3 bottom left).
const ImDrawVert* quad_at(const ImDrawList& dl, const ImDrawCmd& cmd, int i) {
  const ImDrawIdx* idx = dl.IdxBuffer.Data + i;
  const unsigned a = idx[0];
  if (idx[1] != a + 1 || idx[2] != a + 2 || idx[3] != a || idx[4] != a + 2 || idx[5] != a + 3) return nullptr;
  const unsigned base = cmd.VtxOffset + a;
  if (base + 4 > static_cast<unsigned>(dl.VtxBuffer.Size)) return nullptr;
  const ImDrawVert* v = dl.VtxBuffer.Data + base;
  const bool axis = v[0].pos.y == v[1].pos.y && v[1].pos.x == v[2].pos.x && v[2].pos.y == v[3].pos.y &&
                    v[3].pos.x == v[0].pos.x && v[0].uv.y == v[1].uv.y && v[1].uv.x == v[2].uv.x;
  return axis ? v : nullptr;
}

void append_utf8(std::string& s, unsigned c) {
  char buf[5] = {};
  ImTextCharToUtf8(buf, c);
  s += buf;
}

// Starts a run, or adds to the one in progress, for the glyph @p g drawn as the quad @p v.
// Glyphs are drawn at their atlas size times FontGlobalScale (the app scales no window's font).
void add_glyph(std::vector<Run>& runs, bool& open, const ImDrawVert* v, const ImVec4& clip, const ImFontGlyph& g) {
  const ImGuiIO& io = ImGui::GetIO();
  const float s = io.FontGlobalScale;
  const float em = io.Fonts->Fonts.empty() ? 13.0f : io.Fonts->Fonts[0]->FontSize * s;
  const ImRect q(v[0].pos, v[2].pos);
  // Where the pen stood for this glyph, from an edge ImGui did not cut.
  const float pen_x = v[0].uv.x == g.U0 ? q.Min.x - g.X0 * s : q.Max.x - g.X1 * s;
  const float line_y = v[0].uv.y == g.V0 ? q.Min.y - g.Y0 * s : q.Max.y - g.Y1 * s;
  Run* run = open ? &runs.back() : nullptr;
  if (run != nullptr) {
    const float gap = pen_x - run->pen_x;
    if (std::fabs(line_y - run->line_y) > 0.3f * em || gap < -0.1f * em || gap > 1.5f * em)
      run = nullptr;  // another line, or another item
    else if (gap > 0.15f * em)
      run->text += ' ';
  }
  if (run == nullptr) {
    Run fresh;
    fresh.box = q;
    fresh.clip = clip;
    fresh.line_y = line_y;
    runs.push_back(std::move(fresh));
    run = &runs.back();
    open = true;
  }
  run->box.Add(q);
  run->pen_x = pen_x + g.AdvanceX * s;
  append_utf8(run->text, g.Codepoint);
  // Cut: more than a pixel of the glyph is not shown, because ImGui drew a part of it (a
  // label in its frame) or because the quad reaches out of the clip (the scissor cuts it).
  constexpr float kPixel = 1.0f;
  const float shown_w = ImMin(q.Max.x, clip.z) - ImMax(q.Min.x, clip.x);
  const float shown_h = ImMin(q.Max.y, clip.w) - ImMax(q.Min.y, clip.y);
  if ((g.X1 - g.X0) * s - shown_w > kPixel) run->cut_x = true;
  if ((g.Y1 - g.Y0) * s - shown_h > kPixel) run->cut_y = true;
}

// The runs of one draw list.
void read_draw_list(const ImDrawList& dl, std::vector<Run>& out) {
  const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  const ImGuiWindow* window = dl._OwnerName ? ImGui::FindWindowByName(dl._OwnerName) : nullptr;
  const size_t first = out.size();
  for (const ImDrawCmd& cmd : dl.CmdBuffer) {
    if (cmd.UserCallback != nullptr || cmd.TextureId != atlas.TexID) continue;
    bool open = false;
    const int end = static_cast<int>(cmd.IdxOffset + cmd.ElemCount);
    for (int i = static_cast<int>(cmd.IdxOffset); i + 3 <= end;) {
      const ImDrawVert* v = i + 6 <= end ? quad_at(dl, cmd, i) : nullptr;
      const ImFontGlyph* glyph = v != nullptr && v[0].uv.x != atlas.TexUvWhitePixel.x ? find_glyph(v[0].uv, v[2].uv) : nullptr;
      if (glyph == nullptr) {
        open = false;  // anything else drawn in between ends a run
        i += 3;
        continue;
      }
      add_glyph(out, open, v, cmd.ClipRect, *glyph);
      i += 6;
    }
  }
  for (size_t k = first; k < out.size(); ++k) {
    Run& r = out[k];
    r.window = dl._OwnerName ? dl._OwnerName : "";
    r.root = window ? window->RootWindow->Name : r.window;
    // Cut text the student can scroll to is fine, if the window shows the scrollbar to do it.
    r.scroll_x = window && window->ScrollbarX;
    r.scroll_y = window && window->ScrollbarY;
    for (const AllowedRect& a : records().allowed)
      if (a.rect.Contains(r.box.GetCenter())) r.allowed = a.why;
  }
}

void append_run(std::string& s, const Run& r) {
  appendf(s, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f,\"clip\":[%.1f,%.1f,%.1f,%.1f],\"cut\":\"%s%s\",",
          r.box.Min.x, r.box.Min.y, r.box.GetWidth(), r.box.GetHeight(), r.clip.x, r.clip.y, r.clip.z, r.clip.w,
          r.cut_x ? "x" : "", r.cut_y ? "y" : "");
  appendf(s, "\"scroll\":\"%s%s\",\"window\":", r.scroll_x ? "x" : "", r.scroll_y ? "y" : "");
  append_json_string(s, r.window);
  s += ",\"root\":";
  append_json_string(s, r.root);
  s += ",\"allowed\":";
  append_json_string(s, r.allowed);
  s += ",\"text\":";
  append_json_string(s, r.text);
  s += '}';
}

}  // namespace

void set_text_recording(bool on) { records().on = on; }

bool text_recording() { return records().on; }

void allow_cut_text(std::string_view why) {
  if (!records().on) return;
  records().allowed.push_back(AllowedRect{ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()), std::string(why)});
}

void record_text_rects(const ImDrawData* draw_data) {
  TextRecords& r = records();
  if (!r.on || draw_data == nullptr) return;
  r.runs.clear();
  for (int l = 0; l < draw_data->CmdListsCount; ++l) read_draw_list(*draw_data->CmdLists[l], r.runs);
  r.allowed.clear();
}

std::string text_rects_json() {
  std::string s = "[";
  for (const Run& r : records().runs) {
    if (s.size() > 1) s += ',';
    append_run(s, r);
  }
  return s + "]";
}

}  // namespace cmwq::web
