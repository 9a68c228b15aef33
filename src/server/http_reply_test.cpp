#include "server/http_reply.hpp"

#include <gtest/gtest.h>

namespace entente {
namespace {

TEST(HttpReplyTest, HeaderIgnoresCase) {
  const HttpReply reply{200, "text/plain", "x", {{"ETag", "\"1\""}, {"vary", "Accept"}}};
  EXPECT_EQ(reply.header("etag"), "\"1\"");
  EXPECT_EQ(reply.header("Vary"), "Accept");
  EXPECT_EQ(reply.header("Allow"), "");
}

TEST(AddVaryTest, OneHeaderEachFieldOnce) {
  HttpReply reply{200, "text/plain", "x"};
  add_vary(reply, "Accept");
  add_vary(reply, "Accept-Encoding");
  add_vary(reply, "accept-encoding");
  add_vary(reply, "Accept");
  ASSERT_EQ(reply.headers.size(), 1U);
  EXPECT_EQ(reply.headers[0].first, "Vary");
  EXPECT_EQ(reply.headers[0].second, "Accept, Accept-Encoding");
}

TEST(IfNoneMatchTest, ListsStarsAndWeakTags) {
  EXPECT_TRUE(if_none_match_matches("\"v1\"", "\"v1\""));
  EXPECT_TRUE(if_none_match_matches("\"v0\", \"v1\"", "\"v1\""));
  EXPECT_TRUE(if_none_match_matches("W/\"v1\"", "\"v1\""));
  EXPECT_TRUE(if_none_match_matches("*", "\"v1\""));
  EXPECT_FALSE(if_none_match_matches("\"v1-br\"", "\"v1\""));
  EXPECT_FALSE(if_none_match_matches("\"v1\"", "\"v1-gz\""));
  EXPECT_FALSE(if_none_match_matches("", "\"v1\""));
  EXPECT_FALSE(if_none_match_matches("v1", "\"v1\""));
}

TEST(NotModifiedTest, KeepsTheValidatorsAndDropsTheBody) {
  const HttpReply reply{200,
                        "application/json",
                        "{\"a\":1}",
                        {{"ETag", "\"v1-br\""},
                         {"Vary", "Accept-Encoding"},
                         {"Content-Encoding", "br"},
                         {"Cache-Control", "public, max-age=31536000, immutable"}}};
  const HttpReply same = not_modified_or(reply, "\"v1-br\"");
  EXPECT_EQ(same.status, 304U);
  EXPECT_EQ(same.text(), "");
  EXPECT_EQ(same.header("ETag"), "\"v1-br\"");
  EXPECT_EQ(same.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(same.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(same.header("Content-Encoding"), "");

  EXPECT_EQ(not_modified_or(reply, "\"v1\"").status, 200U);  // another coding's tag
  EXPECT_EQ(not_modified_or(reply, "").status, 200U);
  const HttpReply created{201, "application/json", "{}", {{"ETag", "\"v1\""}}};
  EXPECT_EQ(not_modified_or(created, "\"v1\"").status, 201U);
  const HttpReply untagged{200, "application/json", "{}"};
  EXPECT_EQ(not_modified_or(untagged, "*").status, 200U);
}

}  // namespace
}  // namespace entente
