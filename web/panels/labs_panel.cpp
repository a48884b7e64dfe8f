// The Labs panel.
#include "web/panels/labs_panel.h"

#include <algorithm>

#include "imgui.h"
#include "web/model/palette.h"
#include "web/panels/imgui_util.h"
#include "web/platform/widget_rects.h"

namespace cmwq::web {
namespace {

// The palette's colours for text, as ImGui's text calls take them.
const ImVec4 kGood = to_vec4(palette::kGoodText);
const ImVec4 kBad = to_vec4(palette::kErrorText);
const ImVec4 kNote = to_vec4(palette::kCautionText);
const ImVec4 kH1 = to_vec4(palette::kHeading1);
const ImVec4 kH2 = to_vec4(palette::kHeading2);
const ImVec4 kCode = to_vec4(palette::kCode);
const ImVec4 kBold = to_vec4(palette::kBold);
const ImVec4 kItalic = to_vec4(palette::kItalic);
constexpr ImU32 kCodeBg = palette::kCodeBg;

bool named_button(const char* label, const std::string& name, const ImVec2& size = ImVec2(0, 0)) {
  const bool pressed = ImGui::Button(label, size);
  track_widget(name);
  return pressed;
}

ImVec4 style_color(MdStyle s) {
  switch (s) {
    case MdStyle::Code:
      return kCode;
    case MdStyle::Bold:
      return kBold;
    case MdStyle::Italic:
      return kItalic;
    case MdStyle::Plain:
      break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_Text);
}

void draw_word(const MdWord& w, const ImVec4& plain) {
  if (w.style == MdStyle::Code) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::CalcTextSize(w.text.c_str());
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x - 2, p.y - 1), ImVec2(p.x + size.x + 2, p.y + size.y + 1),
                                              kCodeBg, 2.0f);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, w.style == MdStyle::Plain ? plain : style_color(w.style));
  ImGui::TextUnformatted(w.text.c_str());
  ImGui::PopStyleColor();
}

// Words laid out left to right, wrapped at the window's right edge; a run of words with
// no space between them (`code`, punctuation) is never split. Starts on the current line.
void draw_words(const std::vector<MdWord>& words, const ImVec4& plain) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float space = ImGui::CalcTextSize(" ").x;
  ImVec2 code_end(-1, -1);  // where the last code word on this line ended
  for (size_t k = 0; k < words.size();) {
    size_t j = k + 1;
    while (j < words.size() && !words[j].space_before) ++j;
    float width = 0;
    for (size_t m = k; m < j; ++m) width += ImGui::CalcTextSize(words[m].text.c_str()).x;
    if (k > 0) {
      ImGui::SameLine(0, space);
      if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
    }
    for (size_t m = k; m < j; ++m) {
      if (m > k) ImGui::SameLine(0, 0);
      // A code span with spaces in it stays one tinted block while on one line.
      const ImVec2 at = ImGui::GetCursorScreenPos();
      if (words[m].style == MdStyle::Code && words[m].space_before && code_end.y == at.y)
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(code_end.x, at.y - 1),
                                                  ImVec2(at.x, at.y + ImGui::GetTextLineHeight() + 1), kCodeBg);
      draw_word(words[m], plain);
      code_end = words[m].style == MdStyle::Code ? ImVec2(ImGui::GetItemRectMax().x, at.y) : ImVec2(-1, -1);
    }
    k = j;
  }
}

void draw_text_block(const std::vector<MdSpan>& spans, const ImVec4& plain) { draw_words(md_words(spans), plain); }

// Markdown text of a lab file (asks, hints, explanations): paragraphs reflowed.
void draw_prose(const std::string& text, const ImVec4& plain = ImGui::GetStyleColorVec4(ImGuiCol_Text)) {
  bool first = true;
  for (const MdBlock& b : parse_markdown(text)) {
    if (!first) ImGui::Spacing();
    first = false;
    draw_text_block(b.spans, plain);
  }
}

// A coloured tag such as "correct" drawn at the right end of the current line.
void right_tag(const char* text, const ImVec4& color) {
  const float w = ImGui::CalcTextSize(text).x;
  const float x = ImGui::GetWindowContentRegionMax().x - w;
  ImGui::SameLine(std::max(x, ImGui::GetCursorPosX() + 8.0f));
  ImGui::TextColored(color, "%s", text);
}

const char* kind_hint(AnswerKind k) {
  switch (k) {
    case AnswerKind::Time:
      return "a time, e.g. 12ms (or never)";
    case AnswerKind::Count:
      return "a whole number";
    case AnswerKind::Choice:
      return "pick one";
  }
  return "";
}

// After a check: scrolls the window so the verdict just drawn (the last item) shows.
void reveal_once(bool& reveal) {
  if (!reveal) return;
  reveal = false;
  if (ImGui::GetItemRectMax().y > ImGui::GetWindowPos().y + ImGui::GetWindowHeight()) ImGui::SetScrollHereY(1.0f);
}

std::string progress_text(const LabBook& book, size_t i) {
  const LabEntry& e = book.entry(i);
  if (!e.lab) return "this lab does not load";
  std::string s = std::to_string(book.answered(i)) + "/" + std::to_string(e.lab->questions.size()) + " answered, " +
                  std::to_string(book.correct(i)) + " correct";
  if (!e.lab->challenges.empty())
    s += ", " + std::to_string(book.solved(i)) + "/" + std::to_string(e.lab->challenges.size()) + " challenge" +
         (e.lab->challenges.size() == 1 ? "" : "s") + " solved";
  return s;
}

bool lab_done(const LabBook& book, size_t i) {
  const LabEntry& e = book.entry(i);
  return e.lab && book.correct(i) == static_cast<int>(e.lab->questions.size()) &&
         book.solved(i) == static_cast<int>(e.lab->challenges.size());
}

}  // namespace

void draw_markdown(const std::vector<MdBlock>& blocks) {
  const ImVec4 text = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  bool first = true;
  for (const MdBlock& b : blocks) {
    switch (b.kind) {
      case MdBlockKind::Heading: {
        if (!first) ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight() * 0.4f));
        draw_text_block(b.spans, b.level <= 1 ? kH1 : kH2);
        if (b.level <= 2) {
          const ImVec2 p = ImGui::GetCursorScreenPos();
          const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
          ImVec4 line = b.level <= 1 ? kH1 : kH2;
          line.w = 0.35f;
          ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, p.y - 2), ImVec2(right, p.y - 2), ImGui::GetColorU32(line));
          ImGui::Dummy(ImVec2(0, 2));
        }
        break;
      }
      case MdBlockKind::Paragraph:
        if (!first) ImGui::Spacing();
        draw_text_block(b.spans, text);
        break;
      case MdBlockKind::Item: {
        const float hang = ImGui::CalcTextSize("00. ").x + static_cast<float>(b.level) * ImGui::GetFontSize();
        ImGui::Indent(hang);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float mw =
            ImGui::CalcTextSize(b.marker == "-" || b.marker == "*" || b.marker == "+" ? "-" : b.marker.c_str()).x;
        ImGui::GetWindowDrawList()->AddText(ImVec2(p.x - mw - ImGui::CalcTextSize(" ").x, p.y),
                                            ImGui::GetColorU32(ImGuiCol_TextDisabled), b.marker.c_str());
        draw_text_block(b.spans, text);
        ImGui::Unindent(hang);
        break;
      }
      case MdBlockKind::Code: {
        if (!first) ImGui::Spacing();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        const float h = static_cast<float>(b.lines.size()) * ImGui::GetTextLineHeightWithSpacing();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x - 2, p.y - 2), ImVec2(right, p.y + h), kCodeBg, 3.0f);
        for (const std::string& line : b.lines) ImGui::TextColored(kCode, "%s", line.empty() ? " " : line.c_str());
        break;
      }
    }
    first = false;
  }
}

void LabsPanel::open(std::optional<size_t> lab) {
  if (lab != lab_) jump_ = Jump::Top;
  lab_ = lab;
}

const std::vector<MdBlock>& LabsPanel::readme(const LabBook& book, size_t lab) {
  auto it = readmes_.find(lab);
  if (it == readmes_.end()) it = readmes_.emplace(lab, parse_markdown(book.file_text(lab, "README.md"))).first;
  return it->second;
}

void LabsPanel::draw(PanelContext& ctx, LabBook& book) {
  if (!ImGui::Begin("Labs", nullptr, ctx.window_flags)) {
    ImGui::End();
    return;
  }
  if (lab_ && *lab_ >= book.size()) lab_.reset();
  if (lab_)
    draw_lab(ctx, book, *lab_);
  else
    draw_list(ctx, book);
  ImGui::End();
}

void LabsPanel::draw_list(PanelContext& ctx, LabBook& book) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled(
      "Each lab asks you to predict what the kernel does, checks your prediction against the model, then asks "
      "you to fix a scenario. Your progress stays in this browser and in the page's link.");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::BeginChild("##lablist");
  const float pad = ImGui::GetStyle().FramePadding.y;
  for (size_t i = 0; i < book.size(); ++i) {
    const LabEntry& e = book.entry(i);
    const std::string title = e.lab ? e.lab->title : e.files.dir;
    const std::string number = e.files.dir.substr(0, e.files.dir.find('-'));
    const float num_w = ImGui::CalcTextSize("00  ").x;
    const float wrap = ImGui::GetContentRegionAvail().x - num_w - pad * 2;
    const float title_h = ImGui::CalcTextSize(title.c_str(), nullptr, false, wrap).y;
    const float h = title_h + ImGui::GetTextLineHeightWithSpacing() + pad * 2;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable("##lab", false, 0, ImVec2(0, h))) open(i);
    ImGui::PopID();
    track_widget("lab " + e.files.dir);
    if (ImGui::IsItemHovered() && e.lab && !e.lab->summary.empty()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextUnformatted(md_plain(parse_inline(e.lab->summary)).c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool done = lab_done(book, i);
    dl->AddText(ImVec2(p.x + pad, p.y + pad), ImGui::GetColorU32(done ? kGood : kH1), number.c_str());
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(p.x + pad + num_w, p.y + pad),
                ImGui::GetColorU32(ImGuiCol_Text), title.c_str(), nullptr, wrap);
    const std::string progress = done ? progress_text(book, i) + ": done" : progress_text(book, i);
    dl->AddText(ImVec2(p.x + pad + num_w, p.y + pad + title_h + 2),
                ImGui::GetColorU32(done ? kGood : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)), progress.c_str());
    ImGui::Separator();
  }
  ImGui::EndChild();
  (void)ctx;
}

void LabsPanel::draw_lab(PanelContext& ctx, LabBook& book, size_t lab) {
  const LabEntry& e = book.entry(lab);
  if (named_button("< All labs", "labs list")) {
    open(std::nullopt);
    return;
  }
  item_tooltip("Back to the list of labs and your progress in each.");
  if (!e.lab) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kBad, "%s", e.error.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  const Lab& l = *e.lab;
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", e.files.dir.c_str());
  // Jumps within the lab: the README is long and the panel narrow.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Go to");
  ImGui::SameLine();
  if (named_button("README", "labs jump readme")) jump_ = Jump::Top;
  const std::string qlabel =
      "Questions " + std::to_string(book.correct(lab)) + "/" + std::to_string(l.questions.size());
  same_line_or_wrap(button_width(qlabel.c_str()));
  if (named_button(qlabel.c_str(), "labs jump questions")) jump_ = Jump::Questions;
  item_tooltip("Answered correctly, out of all questions.");
  if (!l.challenges.empty()) {
    const std::string clabel =
        "Challenges " + std::to_string(book.solved(lab)) + "/" + std::to_string(l.challenges.size());
    same_line_or_wrap(button_width(clabel.c_str()));
    if (named_button(clabel.c_str(), "labs jump challenges")) jump_ = Jump::Challenges;
    item_tooltip("Solved, out of all challenges.");
  }
  ImGui::Separator();

  ImGui::BeginChild("##lab", ImVec2(0, 0), false);
  if (jump_ == Jump::Top) {
    ImGui::SetScrollY(0);
    jump_ = Jump::None;
  }
  draw_markdown(readme(book, lab));

  ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight() * 0.5f));
  if (jump_ == Jump::Questions) {
    ImGui::SetScrollY(ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y);
    jump_ = Jump::None;
  }
  draw_markdown({MdBlock{MdBlockKind::Heading, 2, "", {{"Questions: predict, then check", MdStyle::Plain}}, {}}});
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("Answer before you run: the model's answer shows only once you have given yours.");
  ImGui::PopTextWrapPos();
  for (size_t q = 0; q < l.questions.size(); ++q) draw_question(ctx, book, lab, q);

  if (!l.challenges.empty()) {
    ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight() * 0.5f));
    if (jump_ == Jump::Challenges) {
      ImGui::SetScrollY(ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y);
      jump_ = Jump::None;
    }
    draw_markdown({MdBlock{MdBlockKind::Heading, 2, "", {{"Challenges: change the scenario", MdStyle::Plain}}, {}}});
    for (size_t c = 0; c < l.challenges.size(); ++c) draw_challenge(ctx, book, lab, c);
  }
  // Room below the end, so "Go to" can put the last section at the top.
  ImGui::Dummy(ImVec2(0, std::max(0.0f, ImGui::GetWindowHeight() - ImGui::GetTextLineHeightWithSpacing() * 8)));
  ImGui::EndChild();
}

void LabsPanel::draw_question(PanelContext& ctx, LabBook& book, size_t lab, size_t q) {
  const LabEntry& e = book.entry(lab);
  const LabQuestion& question = e.lab->questions[q];
  const QuestionProgress& progress = e.questions[q];
  QuestionUi& ui = questions_[{lab, q}];
  if (ui.input.empty() && !ui.last && !progress.answer.empty()) ui.input = progress.answer;
  const std::string& id = question.id;
  ImGui::PushID(static_cast<int>(q));
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextColored(kH2, "Question %zu of %zu", q + 1, e.lab->questions.size());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", id.c_str());
  if (progress.answered)
    right_tag(progress.correct ? "correct" : "wrong", progress.correct ? kGood : kBad);
  else
    right_tag("not answered", ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  draw_prose(question.ask);

  // The prediction.
  bool check = false;
  const float check_w = button_width("Check");
  if (question.kind == AnswerKind::Choice) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("Your prediction:");
    for (const std::string& choice : question.choices) {
      same_line_or_wrap(button_width(choice.c_str()));
      const bool picked = ui.input == choice;
      if (picked) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
      if (named_button(choice.c_str(), "choice " + id + " " + choice)) ui.input = choice;
      if (picked) ImGui::PopStyleColor();
    }
  } else {
    if (input_string("##answer", ui.input, ImGui::GetContentRegionAvail().x - check_w - ImGui::GetStyle().ItemSpacing.x,
                     kind_hint(question.kind),
                     ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll))
      check = true;
    track_widget("answer " + id);
  }
  same_line_or_wrap(check_w);
  ImGui::BeginDisabled(ui.input.empty());
  if (named_button("Check", "check " + id)) check = true;
  ImGui::EndDisabled();
  item_tooltip("Compare your prediction with what the model computes for this scenario.");
  if (check && !ui.input.empty()) {
    ui.last = book.answer(lab, q, ui.input);
    ui.reveal = true;
  }

  // The verdict: only after an answer was given.
  if (ui.last) {
    const AnswerCheck& c = *ui.last;
    ImGui::PushTextWrapPos(0);
    if (!c.understood)
      ImGui::TextColored(kNote, "%s (Not marked wrong: the checker could not read it.)", c.message.c_str());
    else
      ImGui::TextColored(c.correct ? kGood : kBad, "%s", c.message.c_str());
    ImGui::PopTextWrapPos();
    reveal_once(ui.reveal);
  } else if (progress.answered) {
    const std::string expected = book.expected(lab, q);
    ImGui::PushTextWrapPos(0);
    if (progress.answer.empty())
      ImGui::TextColored(progress.correct ? kGood : kBad, "Answered %s earlier; the model says %s.",
                         progress.correct ? "correctly" : "wrongly", expected.c_str());
    else
      ImGui::TextColored(progress.correct ? kGood : kBad, "You answered %s (%s); the model says %s.",
                         progress.answer.c_str(), progress.correct ? "correct" : "wrong", expected.c_str());
    ImGui::PopTextWrapPos();
  }

  // Run it, and hints.
  const std::string name = lab_scenario_name(e.files.dir, question.scenario);
  if (named_button("Load the scenario", "load " + id)) {
    ctx.req.load = LoadRequest{name, std::string(book.file_text(lab, question.scenario))};
  }
  item_tooltip(("Load " + question.scenario +
                " into the simulation at 0 ms (paused). Nothing is revealed: run it yourself, after predicting.")
                   .c_str());
  if (!question.hints.empty() && ui.hints < static_cast<int>(question.hints.size())) {
    const std::string label = "Hint " + std::to_string(ui.hints + 1) + " of " + std::to_string(question.hints.size());
    same_line_or_wrap(button_width(label.c_str()));
    if (named_button(label.c_str(), "hint " + id)) ++ui.hints;
  }
  if (ctx.session.name() == name) {
    same_line_or_wrap(ImGui::CalcTextSize("running").x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("running");
  }
  for (int h = 0; h < ui.hints; ++h) {
    ImGui::TextDisabled("Hint %d:", h + 1);
    ImGui::SameLine();
    draw_prose(question.hints[static_cast<size_t>(h)], kItalic);
  }

  // The explanation, once answered.
  if (progress.answered && !question.explain.empty()) {
    ImGui::TextColored(kH2, "Why:");
    ImGui::SameLine();
    draw_prose(question.explain);
  }
  ImGui::PopID();
}

void LabsPanel::draw_challenge(PanelContext& ctx, LabBook& book, size_t lab, size_t c) {
  const LabEntry& e = book.entry(lab);
  const LabChallenge& ch = e.lab->challenges[c];
  const bool solved = e.challenges[c].solved;
  ChallengeUi& ui = challenges_[{lab, c}];
  const std::string& id = ch.id;
  ImGui::PushID(1000 + static_cast<int>(c));
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextColored(kH2, "Challenge %zu of %zu", c + 1, e.lab->challenges.size());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", id.c_str());
  right_tag(solved ? "solved" : "not solved yet", solved ? kGood : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  draw_prose(ch.ask);

  const std::string name = lab_scenario_name(e.files.dir, ch.scenario);
  if (named_button("Load the starting scenario", "challenge load " + id)) {
    ctx.req.load = LoadRequest{name, std::string(book.file_text(lab, ch.scenario))};
    ui.loaded = true;
  }
  item_tooltip(("Put " + ch.scenario + " in the Scenario panel's editor (and run it).").c_str());
  same_line_or_wrap(button_width("Check my scenario"));
  if (named_button("Check my scenario", "challenge check " + id)) {
    ui.last = book.check_challenge(lab, c, ctx.editor_text);
    ui.reveal = true;
  }
  item_tooltip("Run the text in the Scenario panel's editor (applied or not) and check every goal.");
  if (!ch.hints.empty() && ui.hints < static_cast<int>(ch.hints.size())) {
    const std::string label = "Hint " + std::to_string(ui.hints + 1) + " of " + std::to_string(ch.hints.size());
    same_line_or_wrap(button_width(label.c_str()));
    if (named_button(label.c_str(), "challenge hint " + id)) ++ui.hints;
  }
  if (ui.loaded) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s is in the Scenario tab's editor: change it there (Apply runs it), then check it here.",
                        ch.scenario.c_str());
    ImGui::PopTextWrapPos();
  }
  if (ui.last) {
    ImGui::PushTextWrapPos(0);
    for (const std::string& line : ui.last->lines)
      ImGui::TextColored(line.rfind("ok: ", 0) == 0 ? kGood : kBad, "%s", line.c_str());
    ImGui::TextColored(ui.last->passed ? kGood : kBad, "%s",
                       ui.last->passed ? "Every goal holds: solved." : "Not every goal holds yet.");
    ImGui::PopTextWrapPos();
    reveal_once(ui.reveal);
  } else {
    std::vector<MdSpan> goals{{"Goals: ", MdStyle::Plain}};
    for (size_t g = 0; g < ch.goals.size(); ++g) {
      goals.push_back({ch.goals[g], MdStyle::Code});
      if (g + 1 < ch.goals.size()) goals.push_back({", ", MdStyle::Plain});
    }
    draw_text_block(goals, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  }
  for (int h = 0; h < ui.hints; ++h) {
    ImGui::TextDisabled("Hint %d:", h + 1);
    ImGui::SameLine();
    draw_prose(ch.hints[static_cast<size_t>(h)], kItalic);
  }
  if (solved && !ch.explain.empty()) {
    ImGui::TextColored(kH2, "Why:");
    ImGui::SameLine();
    draw_prose(ch.explain);
  }
  ImGui::PopID();
}

}  // namespace cmwq::web
