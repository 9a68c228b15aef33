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

TEST(CsvTest, EscapesFieldsThatNeedIt) {
  EXPECT_EQ(csv_escape("plain"), "plain");
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
}

}  // namespace
}  // namespace entente
