#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace entente {
namespace {

TEST(CsvTest, ParsesQuotedFieldsAndLineNumbers) {
  const Result<CsvTable> table = parse_csv(
      "a,b,c\n"
      "1,\"two, quoted\",3\n"
      "\n"
      "\"multi\nline\",\"say \"\"hi\"\"\",\r\n"
      "x,y,z",
      "t.csv");
  ASSERT_TRUE(table.is_ok()) << table.status().to_string();
  ASSERT_EQ(table->header, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(table->records.size(), 3U);
  EXPECT_EQ(table->records[0].line, 2);
  EXPECT_EQ(table->records[0].fields[1], "two, quoted");
  EXPECT_EQ(table->records[1].line, 4);
  EXPECT_EQ(table->records[1].fields[0], "multi\nline");
  EXPECT_EQ(table->records[1].fields[1], "say \"hi\"");
  EXPECT_EQ(table->records[1].fields[2], "");
  EXPECT_EQ(table->records[2].line, 6);
  EXPECT_EQ(table->records[2].fields[2], "z");
}

TEST(CsvTest, ReportsFieldCountWithFileAndLine) {
  const Result<CsvTable> table = parse_csv("a,b\n1,2\n1,2,3\n", "data/x.csv");
  ASSERT_FALSE(table.is_ok());
  EXPECT_EQ(table.status().message(), "data/x.csv:3: expected 2 fields as in the header, found 3");
}

TEST(CsvTest, RejectsUnterminatedQuoteAndTextAfterQuote) {
  EXPECT_EQ(parse_csv("a\n\"open\n", "f.csv").status().message(), "f.csv:2: quoted field is never closed");
  EXPECT_EQ(parse_csv("a,b\n\"x\"y,2\n", "f.csv").status().message(), "f.csv:2: unexpected text after a closing quote");
  EXPECT_FALSE(parse_csv("", "f.csv").is_ok());
}

// Regression: check-data and init accepted CSV that is not UTF-8 and stored its bytes.
TEST(CsvTest, RejectsInvalidUtf8WithFileAndLine) {
  EXPECT_EQ(parse_csv("name,note\nS\xE3o Tom\xE9,x\n", "data/nations.csv").status().message(),
            "data/nations.csv:2: invalid UTF-8 at byte 2 of the line (0xE3); save the file as UTF-8");
  // The line counts the lines inside quoted fields: the bad byte is on line 4.
  EXPECT_EQ(parse_csv("a,b\n1,\"first\nsecond\nthird \xED\xA0\x80\"\n", "f.csv").status().message(),
            "f.csv:4: invalid UTF-8 at byte 7 of the line (0xED); save the file as UTF-8");
  EXPECT_EQ(parse_csv("a\r\nok\r\ncut \xF0\x9F", "f.csv").status().message(),
            "f.csv:3: invalid UTF-8 at byte 5 of the line (0xF0); save the file as UTF-8");
  EXPECT_EQ(parse_csv("h\xC0\xAF\n", "f.csv").status().message(),
            "f.csv:1: invalid UTF-8 at byte 2 of the line (0xC0); save the file as UTF-8");
  EXPECT_TRUE(parse_csv("a\n\xEF\xBB\xBF\n", "f.csv").is_ok());  // U+FEFF after the start is text
  const Result<CsvTable> table = parse_csv("\xEF\xBB\xBFname\nT\xC3\xBCrkiye\n\xF0\x9F\x8C\x8D\n", "f.csv");
  ASSERT_TRUE(table.is_ok()) << table.status().to_string();
  EXPECT_EQ(table->header[0], "name");
  EXPECT_EQ(table->records[0].fields[0], "T\xC3\xBCrkiye");
}

TEST(CsvTest, EscapesFieldsThatNeedIt) {
  EXPECT_EQ(csv_escape("plain"), "plain");
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
}

}  // namespace
}  // namespace entente
