#include "core/suggest.h"

#include <gtest/gtest.h>

namespace corridor {
namespace {

TEST(Suggest, NearestNamesWithinAThirdOfTheLength) {
  const std::vector<std::string_view> ids = {"source_27", "source_2", "sink_27", "ru-10bcm",
                                             "ru-55bcm", "baseline"};
  // A missing underscore, a letter off, two letters swapped, another case.
  EXPECT_EQ(NearestNames("source27", ids), (std::vector<std::string_view>{"source_27"}));
  EXPECT_EQ(NearestNames("ru-10bcn", ids), (std::vector<std::string_view>{"ru-10bcm"}));
  EXPECT_EQ(NearestNames("basleine", ids), (std::vector<std::string_view>{"baseline"}));
  EXPECT_EQ(NearestNames("BASELINE", ids), (std::vector<std::string_view>{"baseline"}));
  // Ties are listed in the order given, at most three.
  EXPECT_EQ(NearestNames("ru-99bcm", ids),
            (std::vector<std::string_view>{"ru-10bcm", "ru-55bcm"}));
  EXPECT_EQ(NearestNames("CS9", {"CS1", "CS2", "CS3", "CS4"}),
            (std::vector<std::string_view>{"CS1", "CS2", "CS3"}));
  // Nothing near: nothing said; the name itself is not its own suggestion.
  EXPECT_TRUE(NearestNames("compressor", ids).empty());
  EXPECT_TRUE(NearestNames("baseline", {"baseline"}).empty());
  EXPECT_TRUE(NearestNames("", ids).empty());
  EXPECT_TRUE(NearestNames("", {"a", "b"}).empty());  // an empty name is near to nothing
}

// The distance is computed in a band about the diagonal: a long id beside one a character
// longer took the whole table (30 000 characters 7.8 s, a million hours). Edits at either
// end, in the middle, and swaps are still found; three edits are the most a long id takes.
TEST(Suggest, LongIdsAreComparedInABand) {
  const std::string id(30000, 'N');
  std::string longer = id + "x", swapped = id, edited = id;
  swapped[100] = 'a';
  swapped[101] = 'b';
  std::string swapped_back = swapped;
  std::swap(swapped_back[100], swapped_back[101]);
  edited[0] = 'a';
  edited[15000] = 'b';
  edited[29999] = 'c';
  std::string four = edited;
  four[20000] = 'd';
  const std::vector<std::string_view> ids = {id, swapped};
  EXPECT_EQ(NearestNames(longer, ids), (std::vector<std::string_view>{id}));
  EXPECT_EQ(NearestNames(edited, ids), (std::vector<std::string_view>{id}));
  EXPECT_EQ(NearestNames(swapped_back, ids), (std::vector<std::string_view>{swapped}));
  EXPECT_TRUE(NearestNames(four, {id}).empty());
  // Short names alike, against every alignment the band keeps.
  EXPECT_EQ(NearestNames("abcdef", {"bcdefg", "abcdfe", "zzzzzz"}),
            (std::vector<std::string_view>{"abcdfe"}));
  EXPECT_EQ(NearestNames("pipe_12", {"pipe_21", "pipe12", "pip_12x"}),
            (std::vector<std::string_view>{"pipe_21", "pipe12"}));
}

// Nothing near by edits: the names that begin with it, at most three (GasLib's ids carry
// their ends: "CS01" found nothing of "CS01_entry03_N01").
TEST(Suggest, APrefixFindsTheNamesItBegins) {
  const std::vector<std::string_view> ids = {"CS01_entry03_N01", "CS02_N04_N05", "pipe01",
                                             "pipe02", "pipe03", "pipe04"};
  EXPECT_EQ(NearestNames("CS01", ids), (std::vector<std::string_view>{"CS01_entry03_N01"}));
  EXPECT_EQ(NearestNames("cs02", ids), (std::vector<std::string_view>{"CS02_N04_N05"}));
  EXPECT_EQ(NearestNames("CS0", ids),
            (std::vector<std::string_view>{"CS01_entry03_N01", "CS02_N04_N05"}));
  EXPECT_TRUE(NearestNames("pipe", ids).empty());  // four begin with it: no guess
  EXPECT_TRUE(NearestNames("CS", ids).empty());    // under three characters
}

TEST(Suggest, DidYouMeanReadsAsAnAside) {
  const std::vector<std::string_view> ids = {"CS1", "CS2", "CS3", "CS4", "valve"};
  EXPECT_EQ(DidYouMean("source27", {"source_27"}), " (did you mean 'source_27'?)");
  EXPECT_EQ(DidYouMean("CS9", ids), " (did you mean 'CS1', 'CS2' or 'CS3'?)");
  EXPECT_EQ(DidYouMean("pipeline", ids), "");
  // Control characters of a candidate are shown as \xNN, as every echoed name.
  EXPECT_EQ(DidYouMean("ab", {"a\tb"}), " (did you mean 'a\\x09b'?)");
}

// Many unknown names against one list: the list is gathered once, at the first question,
// and only the first `limit` are answered (a .cs station with 48 000 compressors naming
// unknown drives rebuilt its list and compared each with all: minutes, helper-292).
TEST(Suggest, NameHintsGatherOnceAndAnswerTheFirstFew) {
  const std::vector<std::string> ids = {"drive_1", "drive_2"};
  int gathered = 0;
  NameHints hints(
      [&](std::vector<std::string_view>* names) {
        ++gathered;
        names->assign(ids.begin(), ids.end());
      },
      3);
  EXPECT_EQ(gathered, 0);  // (nothing asked, nothing gathered)
  for (int k = 0; k < 3; ++k) EXPECT_EQ(hints.For("drive1"), " (did you mean 'drive_1'?)");
  EXPECT_EQ(hints.For("drive2"), "");  // past the limit
  EXPECT_EQ(gathered, 1);
}

}  // namespace
}  // namespace corridor
