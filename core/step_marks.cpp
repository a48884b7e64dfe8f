#include "core/step_marks.h"

#include <algorithm>

namespace cmwq {

StepMark StepMarks::at(size_t i) const {
  StepMark m{plain_[i].action, plain_[i].time, InsideAction{}};
  const auto it = std::lower_bound(insides_.begin(), insides_.end(), i,
                                   [](const std::pair<size_t, InsideAction>& x, size_t j) { return x.first < j; });
  if (it != insides_.end() && it->first == i) m.inside = it->second;
  return m;
}

void StepMarks::push_back(const StepMark& m) {
  if (m.inside.boundary > 0) insides_.emplace_back(plain_.size(), m.inside);
  plain_.push_back(Plain{m.action, m.time});
}

void StepMarks::truncate(size_t n) {
  if (n >= plain_.size()) return;
  plain_.resize(n);
  while (!insides_.empty() && insides_.back().first >= n) insides_.pop_back();
}

size_t StepMarks::first_after(Nanos t) const {
  const auto it = std::upper_bound(plain_.begin(), plain_.end(), t, [](Nanos v, const Plain& p) { return v < p.time; });
  return static_cast<size_t>(it - plain_.begin());
}

}  // namespace cmwq
