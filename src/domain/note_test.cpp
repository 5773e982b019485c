#include "domain/note.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rampart::domain {
namespace {

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

std::string TitleError(std::string_view raw) {
  auto parsed = ParseNoteTitle(raw);
  if (parsed) return "";
  EXPECT_EQ(parsed.error().fields.size(), 1u);
  EXPECT_EQ(parsed.error().fields[0].field, "title");
  return parsed.error().fields[0].message;
}

TEST(NoteTitle, IsTrimmedOfSpacesAndTabs) {
  EXPECT_EQ(*ParseNoteTitle("  \tGroceries \t"), "Groceries");
  EXPECT_EQ(*ParseNoteTitle("Zoë's list"), "Zoë's list");
}

TEST(NoteTitle, MustHoldSomethingVisible) {
  EXPECT_EQ(TitleError(""), "Title is required.");
  EXPECT_EQ(TitleError(" \t "), "Title is required.");
  EXPECT_EQ(TitleError("\xE2\x80\x8B"),
            "Title must contain a visible character, not only spaces or invisible characters.")
      << "a zero-width space alone";
}

TEST(NoteTitle, CountsCharactersNotBytes) {
  EXPECT_TRUE(ParseNoteTitle(Repeat("a", 200)));
  EXPECT_EQ(TitleError(Repeat("a", 201)), "Title must be at most 200 characters.");
  EXPECT_TRUE(ParseNoteTitle(Repeat("\xC3\xA9", 200))) << "200 × é is 400 bytes";
  EXPECT_FALSE(ParseNoteTitle(Repeat("\xC3\xA9", 201)));
}

TEST(NoteTitle, RefusesWhatWouldHideOrReorderText) {
  for (const char* bad : {"a\nb", "a\x01z",
                          "abc\xE2\x80\xAE"
                          "cba",
                          "\xEF\xBB\xBFtitle", "\xFF"}) {
    EXPECT_NE(TitleError(bad), "") << bad;
  }
}

TEST(NoteBody, MayBeEmptyOrHoldLinesAndTabs) {
  EXPECT_EQ(NoteBodyError(""), std::nullopt);
  EXPECT_EQ(NoteBodyError("line one\r\n\tline two\n"), std::nullopt);
  EXPECT_EQ(NoteBodyError(Repeat("\xE6\x9D\xB1", 10'000)), std::nullopt) << "10,000 characters";
}

TEST(NoteBody, RefusesOverlongInvalidOrControlText) {
  EXPECT_EQ(NoteBodyError(Repeat("a", 10'001)), "Body must be at most 10000 characters.");
  EXPECT_EQ(NoteBodyError("\xC3"), "Body must be valid UTF-8.");
  for (std::string bad : {std::string("a\0b", 3), std::string("a\x1B[31m"), std::string("\x7F")}) {
    EXPECT_NE(NoteBodyError(bad), std::nullopt);
  }
}

}  // namespace
}  // namespace rampart::domain
