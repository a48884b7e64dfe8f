// StepMarks: 16 bytes a step, the steps inside an action kept apart and given back by index.
#include "core/step_marks.h"

#include <gtest/gtest.h>

namespace cmwq {
namespace {

TEST(StepMarks, GivesBackPlainAndInsideStepsByIndexAndTruncatesBoth) {
  StepMarks marks;
  const InsideAction line{7, 3, StepSize::Line, 42};
  marks.push_back(StepMark{5, 100, InsideAction{}});
  marks.push_back(StepMark{7, 100, line});
  marks.push_back(StepMark{9, 250, InsideAction{}});
  ASSERT_EQ(marks.size(), 3u);
  EXPECT_EQ(marks.at(0).action, 5u);
  EXPECT_EQ(marks.at(0).inside.boundary, 0u);
  EXPECT_TRUE(marks.at(1).inside == line);
  EXPECT_EQ(marks.at(2).time, 250);
  EXPECT_EQ(marks.at(2).inside.boundary, 0u);
  EXPECT_EQ(marks.first_after(99), 0u);
  EXPECT_EQ(marks.first_after(100), 2u);  // both steps at 100 are not after it
  EXPECT_EQ(marks.first_after(250), 3u);
  EXPECT_EQ(marks.footprint(), 3u * 16 + 32);
  marks.truncate(1);  // the inside step goes with its plain entry
  EXPECT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks.footprint(), 16u);
  marks.push_back(StepMark{8, 120, InsideAction{}});
  EXPECT_EQ(marks.back().action, 8u);
  EXPECT_EQ(marks.back().inside.boundary, 0u) << "no stale inside point at a reused index";
}

}  // namespace
}  // namespace cmwq
