// window.cmwq.labs() as JSON.
#include "web/model/labs_json.h"

#include "core/trace/text.h"

namespace cmwq::web {
namespace {

const char* json_bool(bool b) { return b ? "true" : "false"; }

void append_question(std::string& s, const LabQuestion& q, const QuestionProgress& p) {
  s += "{\"id\":";
  append_json_string(s, q.id);
  appendf(s, ",\"answered\":%s,\"correct\":%s,\"tries\":%d,\"revealed\":%s,\"first_try\":%s}", json_bool(p.answered()),
          json_bool(p.correct), p.tries, json_bool(p.revealed), p.first_try ? json_bool(*p.first_try) : "null");
}

void append_lab(std::string& s, const LabBook& book, size_t i) {
  const LabEntry& e = book.entry(i);
  s += "{\"dir\":";
  append_json_string(s, e.files.dir);
  s += ",\"title\":";
  append_json_string(s, e.lab ? e.lab->title : "");
  s += ",\"error\":";
  append_json_string(s, e.error);
  appendf(s, ",\"answered\":%d,\"correct\":%d,\"first_try\":%d,\"revealed\":%d,\"solved\":%d,\"questions\":[",
          book.answered(i), book.correct(i), book.first_try(i), book.revealed(i), book.solved(i));
  for (size_t q = 0; q < e.questions.size(); ++q) {
    if (q > 0) s += ',';
    append_question(s, e.lab->questions[q], e.questions[q]);
  }
  s += "],\"challenges\":[";
  for (size_t c = 0; c < e.challenges.size(); ++c) {
    if (c > 0) s += ',';
    s += "{\"id\":";
    append_json_string(s, e.lab->challenges[c].id);
    appendf(s, ",\"solved\":%s}", json_bool(e.challenges[c].solved));
  }
  s += "]}";
}

}  // namespace

std::string labs_json(const LabBook& book, const LabsPanelState& panel) {
  std::string s = "{\"shown\":";
  s += json_bool(panel.shown);
  s += ",\"open\":";
  if (panel.open)
    append_json_string(s, *panel.open);
  else
    s += "null";
  s += ",\"tab\":";
  append_json_string(s, panel.tab);
  s += ",\"progress\":";
  append_json_string(s, book.encode_progress());
  s += ",\"labs\":[";
  for (size_t i = 0; i < book.size(); ++i) {
    if (i > 0) s += ',';
    append_lab(s, book, i);
  }
  return s + "]}";
}

}  // namespace cmwq::web
