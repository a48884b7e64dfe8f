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

// A coloured tag such as "correct" drawn at the right end of the line of the last item,
// or on the next line when it would run into that item.
void right_tag(const char* text, const ImVec4& color) {
  const float w = ImGui::CalcTextSize(text).x;
  const float x = ImGui::GetWindowContentRegionMax().x - w;
  const float after = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX() + 8.0f;
  if (x >= after) ImGui::SameLine(x);
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

std::string plural(size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// "3/9 right (2 on the first try), 1 shown, 0/1 challenge solved".
std::string progress_text(const LabBook& book, size_t i) {
  const LabEntry& e = book.entry(i);
  if (!e.lab) return "this lab does not load";
  const size_t questions = e.lab->questions.size(), challenges = e.lab->challenges.size();
  if (book.answered(i) == 0 && book.revealed(i) == 0 && book.solved(i) == 0)
    return plural(questions, "question") + (challenges ? ", " + plural(challenges, "challenge") : "");
  std::string s = std::to_string(book.correct(i)) + "/" + std::to_string(questions) + " right (" +
                  std::to_string(book.first_try(i)) + " on the first try)";
  if (book.revealed(i) > 0) s += ", " + std::to_string(book.revealed(i)) + " shown";
  if (challenges > 0) s += ", " + std::to_string(book.solved(i)) + "/" + plural(challenges, "challenge") + " solved";
  return s;
}

// Every question right or shown, every challenge solved.
bool lab_done(const LabBook& book, size_t i) {
  const LabEntry& e = book.entry(i);
  if (!e.lab) return false;
  for (const QuestionProgress& p : e.questions)
    if (!p.done()) return false;
  return book.solved(i) == static_cast<int>(e.lab->challenges.size());
}

// The tag at the right of a question's heading.
void question_tag(const QuestionProgress& p) {
  const ImVec4 muted = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  if (p.correct && p.first_try.value_or(false)) return right_tag("right on the first try", kGood);
  if (p.correct)
    return right_tag(p.revealed ? "right, after the answer" : ("right on try " + std::to_string(p.tries)).c_str(),
                     kGood);
  if (p.revealed) return right_tag("answer shown", kNote);
  if (p.answered())
    return right_tag(("not yet: " + std::to_string(p.tries) + (p.tries == 1 ? " try" : " tries")).c_str(), kNote);
  right_tag("not answered", muted);
}

// The verdict's widget name ends in this ("verdict first-mayday not yet").
const char* attempt_name(AttemptResult r) {
  switch (r) {
    case AttemptResult::Correct:
      return "right";
    case AttemptResult::NotYet:
      return "not yet";
    case AttemptResult::Unreadable:
      return "unreadable";
    case AttemptResult::Revealed:
      break;
  }
  return "answer shown";
}

ImVec4 attempt_color(AttemptResult r) {
  switch (r) {
    case AttemptResult::Correct:
      return kGood;
    case AttemptResult::NotYet:
    case AttemptResult::Unreadable:
      return kNote;
    case AttemptResult::Revealed:
      break;
  }
  return kBad;
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
      "Each lab asks you to predict what the kernel does and checks your prediction against the model: a wrong "
      "one opens a hint and you try again. Then it asks you to fix a scenario. Opening a lab loads its scenario. "
      "Your progress stays in this browser and in the page's link.");
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
    const bool done = lab_done(book, i);
    const std::string progress = done ? progress_text(book, i) + ": done" : progress_text(book, i);
    // Both wrap: a narrow column must not cut "1/1 challenge solved".
    const float title_h = ImGui::CalcTextSize(title.c_str(), nullptr, false, wrap).y;
    const float progress_h = ImGui::CalcTextSize(progress.c_str(), nullptr, false, wrap).y;
    const float h = title_h + 2 + progress_h + ImGui::GetStyle().ItemSpacing.y + pad * 2;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::Selectable("##lab", false, 0, ImVec2(0, h))) {
      open(i);
      load_start_scenario(ctx, book, i);
    }
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
    dl->AddText(ImVec2(p.x + pad, p.y + pad), ImGui::GetColorU32(done ? kGood : kH1), number.c_str());
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(p.x + pad + num_w, p.y + pad),
                ImGui::GetColorU32(ImGuiCol_Text), title.c_str(), nullptr, wrap);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(p.x + pad + num_w, p.y + pad + title_h + 2),
                ImGui::GetColorU32(done ? kGood : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled)), progress.c_str(),
                nullptr, wrap);
    ImGui::Separator();
  }
  ImGui::EndChild();
}

void LabsPanel::load_start_scenario(PanelContext& ctx, const LabBook& book, size_t lab) {
  const std::string file = book.start_scenario(lab);
  if (file.empty()) return;
  const std::string name = lab_scenario_name(book.entry(lab).files.dir, file);
  const std::string text(book.file_text(lab, file));
  if (ctx.session.name() == name && ctx.session.text() == text) return;  // already there: keep the run
  ctx.req.load = LoadRequest{name, text};
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
  ImGui::TextDisabled(
      "Answer before you run. A wrong prediction opens the next hint: think again and retry. The model's answer "
      "shows only when you ask for it or the hints run out.");
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
  ImGui::PushID(static_cast<int>(q));
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextColored(kH2, "Question %zu of %zu", q + 1, e.lab->questions.size());
  ImGui::SameLine();
  ImGui::TextDisabled("%s", question.id.c_str());
  question_tag(progress);
  draw_prose(question.ask);
  if (question.kernel) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kNote, "Asked of kernel %s: Load the scenario runs it under that kernel.",
                       kernel_version_name(*question.kernel));
    ImGui::PopTextWrapPos();
  }
  if (draw_prediction(question, progress, ui)) {
    ui.last = book.answer(lab, q, ui.input);
    ui.reveal = true;
  }
  draw_verdict(book, lab, q, ui);
  draw_question_actions(ctx, book, lab, q, ui);
  for (int h = 0; h < progress.hints; ++h) {
    ImGui::TextDisabled("Hint %d:", h + 1);
    track_widget("hint text " + question.id + " " + std::to_string(h + 1));
    ImGui::SameLine();
    draw_prose(question.hints[static_cast<size_t>(h)], kItalic);
  }
  // The explanation, once right or shown.
  if (progress.done() && !question.explain.empty()) {
    ImGui::TextColored(kH2, "Why:");
    track_widget("why " + question.id);
    ImGui::SameLine();
    draw_prose(question.explain);
  }
  ImGui::PopID();
}

bool LabsPanel::draw_prediction(const LabQuestion& question, const QuestionProgress& progress, QuestionUi& ui) {
  const std::string& id = question.id;
  const bool retry = progress.answered() && !progress.done();
  const char* label = retry ? "Try again" : "Check";
  const float check_w = button_width(label);
  bool check = false;
  ImGui::BeginDisabled(progress.done());  // right, or shown: nothing more to check
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
  if (named_button(label, "check " + id)) check = true;
  ImGui::EndDisabled();
  item_tooltip(retry ? "Check your new prediction. A right answer now counts, but not as a first try."
                     : "Compare your prediction with what the model computes for this scenario.");
  ImGui::EndDisabled();
  return check && !ui.input.empty() && !progress.done();
}

void LabsPanel::draw_verdict(LabBook& book, size_t lab, size_t q, QuestionUi& ui) {
  const QuestionProgress& progress = book.entry(lab).questions[q];
  const std::string name = "verdict " + book.entry(lab).lab->questions[q].id;
  ImGui::PushTextWrapPos(0);
  if (ui.last) {
    ImGui::TextColored(attempt_color(ui.last->result), "%s", ui.last->message.c_str());
    track_widget(name + " " + attempt_name(ui.last->result));
    reveal_once(ui.reveal);
  } else if (progress.correct) {
    ImGui::TextColored(kGood, "Answered correctly%s: the model says %s.",
                       progress.first_try.value_or(false) ? " on the first try" : "", book.expected(lab, q).c_str());
    track_widget(name + " " + attempt_name(AttemptResult::Correct));
  } else if (progress.revealed) {
    ImGui::TextColored(kNote, "The answer: the model says %s.", book.expected(lab, q).c_str());
    track_widget(name + " " + attempt_name(AttemptResult::Revealed));
  } else if (progress.answered()) {
    ImGui::TextColored(kNote, "Not yet: %d %s so far%s%s.", progress.tries, progress.tries == 1 ? "try" : "tries",
                       progress.answer.empty() ? "" : ", the last ", progress.answer.c_str());
    track_widget(name + " " + attempt_name(AttemptResult::NotYet));
  }
  ImGui::PopTextWrapPos();
}

void LabsPanel::draw_question_actions(PanelContext& ctx, LabBook& book, size_t lab, size_t q, QuestionUi& ui) {
  const LabEntry& e = book.entry(lab);
  const LabQuestion& question = e.lab->questions[q];
  const QuestionProgress& progress = e.questions[q];
  const std::string& id = question.id;
  const std::string name = lab_scenario_name(e.files.dir, question.scenario);
  if (named_button("Load the scenario", "load " + id)) ctx.req.load = LoadRequest{name, book.question_scenario(lab, q)};
  item_tooltip(("Load " + question.scenario +
                (question.kernel ? std::string(" under kernel ") + kernel_version_name(*question.kernel) : "") +
                " into the simulation at 0 ms (paused). Nothing is revealed: run it yourself, after predicting.")
                   .c_str());
  const size_t hints = question.hints.size();
  if (!progress.done() && static_cast<size_t>(progress.hints) < hints) {
    const std::string label = "Hint " + std::to_string(progress.hints + 1) + " of " + std::to_string(hints);
    same_line_or_wrap(button_width(label.c_str()));
    if (named_button(label.c_str(), "hint " + id)) book.show_hint(lab, q);
  }
  if (progress.answered() && !progress.done()) {
    same_line_or_wrap(button_width("Show the answer"));
    if (named_button("Show the answer", "show answer " + id)) {
      book.reveal(lab, q);
      ui.last.reset();
    }
    item_tooltip("Give up on this one: the model's answer and why. It no longer counts as right on the first try.");
  }
  if (ctx.session.name() == name && ctx.session.text() == book.question_scenario(lab, q)) {
    same_line_or_wrap(ImGui::CalcTextSize("running").x);
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("running");
  }
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
