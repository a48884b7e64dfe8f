// Times as the panels show them to the student: the largest unit that keeps the value at
// least 1, rounded to three decimals at most (web/model/text_util.h).
#include "web/model/text_util.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace cmwq::web {
namespace {

TEST(FormatTime, RoundsToThreeDecimalsAtMost) {
  EXPECT_EQ(format_time(53'605'979), "53.606 ms");  // the 53.605979 ms
  EXPECT_EQ(format_time(53'605'499), "53.605 ms");
  EXPECT_EQ(format_time(161'002'000), "161.002 ms");
  EXPECT_EQ(format_time(1'500'000), "1.5 ms");
  EXPECT_EQ(format_time(11'000'000), "11 ms");
  EXPECT_EQ(format_time(1'200'000'000), "1.2 s");
  EXPECT_EQ(format_time(1'000'001'000), "1 s");
  EXPECT_EQ(format_time(12'345), "12.345 us");
  EXPECT_EQ(format_time(850), "850 ns");
  EXPECT_EQ(format_time(0), "0 ns");
  EXPECT_EQ(format_time(-53'605'979), "-53.606 ms");
}

// Rounding up may reach the next unit: 999.9996 us is 1 ms, not "1000 us".
TEST(FormatTime, RoundingCarriesIntoTheNextUnit) {
  EXPECT_EQ(format_time(999'999), "999.999 us");
  EXPECT_EQ(format_time(999'999'600), "1 s");
  EXPECT_EQ(format_time(999'999'500), "1 s");
  EXPECT_EQ(format_time(999'999'499), "999.999 ms");
  EXPECT_EQ(format_time(INT64_MAX), "9223372036.855 s");
  EXPECT_EQ(format_time(INT64_MIN), "-9223372036.855 s");
}

}  // namespace
}  // namespace cmwq::web
