// The app's text size rule and the student's factor (web/model/text_size.h).
#include "web/model/text_size.h"

#include <gtest/gtest.h>

namespace cmwq::web {
namespace {

// The sizes the layout is tested at (issue 14): 13 px at 1280x800, about 16 and 20 px
// at 1920x1080 and 2560x1440 (the smaller scale, 1.35 and 1.8, grown by two thirds).
TEST(TextSize, FollowsTheWindow) {
  EXPECT_FLOAT_EQ(TextSize().pixels(1280, 800), 13);
  EXPECT_FLOAT_EQ(TextSize().pixels(1920, 1080), 16);
  EXPECT_FLOAT_EQ(TextSize().pixels(2560, 1440), 20);
  // A wide but short window follows its height; a tiny one keeps readable text.
  EXPECT_FLOAT_EQ(TextSize().pixels(2560, 800), 13);
  EXPECT_FLOAT_EQ(TextSize().pixels(320, 200), 10);
  EXPECT_FLOAT_EQ(TextSize().pixels(0, 0), 13);
}

TEST(TextSize, StepsAreTenthsWithinBounds) {
  TextSize t;
  t.step(+1);
  EXPECT_DOUBLE_EQ(t.factor(), 1.1);
  EXPECT_FLOAT_EQ(t.pixels(1280, 800), 14);  // 14.3 rounded to whole pixels
  t.step(-3);
  EXPECT_DOUBLE_EQ(t.factor(), 0.8);
  t.step(-10);
  EXPECT_DOUBLE_EQ(t.factor(), TextSize::kMin);
  t.step(+100);
  EXPECT_DOUBLE_EQ(t.factor(), TextSize::kMax);
  EXPECT_FALSE(t.set(0.0 / 0.0));
  EXPECT_DOUBLE_EQ(t.factor(), TextSize::kMax);
}

TEST(TextSize, RemembersTheFactorAsText) {
  TextSize t;
  EXPECT_EQ(t.stored(), "");  // 1: nothing to keep
  t.set(1.25);
  EXPECT_EQ(t.stored(), "1.25");
  EXPECT_DOUBLE_EQ(TextSize(t.stored()).factor(), 1.25);
  EXPECT_DOUBLE_EQ(TextSize(std::string("huge")).factor(), 1.0);
  EXPECT_DOUBLE_EQ(TextSize(std::string("9")).factor(), TextSize::kMax);
}

}  // namespace
}  // namespace cmwq::web
