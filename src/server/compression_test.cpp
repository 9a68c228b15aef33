#include "server/compression.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace entente {
namespace {

constexpr ContentCoding kIdentity = ContentCoding::kIdentity;
constexpr ContentCoding kGzip = ContentCoding::kGzip;
constexpr ContentCoding kBrotli = ContentCoding::kBrotli;

struct NegotiationCase {
  std::string accept_encoding;
  ContentCoding both_on_offer;  // br and gzip both available
  ContentCoding gzip_only;      // only gzip available (a file without a .br sibling)
};

// RFC 9110 12.5.3, and what browsers, curl and hostile clients send.
const std::vector<NegotiationCase> kNegotiation = {
    // What clients send.
    {"", kIdentity, kIdentity},                   // no header, or an empty one: identity
    {"gzip, deflate, br, zstd", kBrotli, kGzip},  // Chromium
    {"gzip, deflate, br", kBrotli, kGzip},        // Firefox
    {"gzip, deflate", kGzip, kGzip},              // curl --compressed without brotli, Python
    {"deflate", kIdentity, kIdentity},            // a coding the server does not offer
    {"identity", kIdentity, kIdentity},
    {"br", kBrotli, kIdentity},
    {"BR", kBrotli, kIdentity},  // codings are case-insensitive
    {"x-gzip", kGzip, kGzip},    // RFC 9110 8.4.1.3
    {"GZip", kGzip, kGzip},
    // Weights.
    {"br;q=0.5, gzip;q=0.8", kGzip, kGzip},
    {"br;q=0.8, gzip;q=0.5", kBrotli, kGzip},
    {"br;q=1.0, gzip;q=1.000", kBrotli, kGzip},  // a tie goes to br
    {"gzip;q=0", kIdentity, kIdentity},
    {"gzip;q=0.000, br;q=0.001", kBrotli, kIdentity},
    {"gzip;Q=0.5", kGzip, kGzip},
    {"gzip ; q=0.5", kGzip, kGzip},  // OWS around the semicolon
    {"gzip;q=1.", kGzip, kGzip},     // "1." is a qvalue
    // Identity.
    {"gzip, identity;q=0", kGzip, kGzip},
    {"identity;q=0", kIdentity, kIdentity},  // nothing acceptable: identity all the same, never an error
    {"gzip;q=0.5, identity;q=0.9", kIdentity, kIdentity},
    {"gzip;q=0.9, identity;q=0.9", kGzip, kGzip},  // a tie goes to the coding
    {"gzip;q=0.5", kGzip, kGzip},                  // unnamed identity is preferred least
    // "*": every coding the header does not name.
    {"*", kBrotli, kGzip},
    {"*;q=0", kIdentity, kIdentity},
    {"*;q=0, gzip", kGzip, kGzip},
    {"gzip;q=0, *", kBrotli, kIdentity},
    {"br;q=0, *;q=0.5", kGzip, kGzip},
    {"*;q=0.5, identity", kIdentity, kIdentity},
    // A coding named twice weighs the lesser.
    {"br, br;q=0", kIdentity, kIdentity},
    {"gzip;q=0, gzip", kIdentity, kIdentity},
    // Empty list elements are allowed.
    {", ,gzip,,", kGzip, kGzip},
    {",", kIdentity, kIdentity},
    {" \t", kIdentity, kIdentity},
    // Malformed: identity, whatever else the header says.
    {"gzip;q=2", kIdentity, kIdentity},
    {"gzip;q=1.001", kIdentity, kIdentity},
    {"gzip;q=0.0001", kIdentity, kIdentity},  // four decimals
    {"gzip;q=-1", kIdentity, kIdentity},
    {"gzip;q=", kIdentity, kIdentity},
    {"gzip;q", kIdentity, kIdentity},
    {"gzip;q=abc", kIdentity, kIdentity},
    {"gzip;q=NaN", kIdentity, kIdentity},
    {"gzip;q=1e0", kIdentity, kIdentity},
    {"gzip;q=.5", kIdentity, kIdentity},
    {"gzip;q = 0.5", kIdentity, kIdentity},
    {"gzip;level=9", kIdentity, kIdentity},  // a parameter other than q
    {"gzip;q=0.5;q=1", kIdentity, kIdentity},
    {"gzip;", kIdentity, kIdentity},
    {";q=1", kIdentity, kIdentity},  // no coding
    {"gz ip", kIdentity, kIdentity},
    {"br, gzip\"", kIdentity, kIdentity},
    {"br, g(zip)", kIdentity, kIdentity},
    {std::string("br\0", 3), kIdentity, kIdentity},
    {"br, \xc3\xa9", kIdentity, kIdentity},  // not ASCII
    {"br\r\n", kIdentity, kIdentity},
};

TEST(NegotiateCodingTest, Table) {
  for (const NegotiationCase& row : kNegotiation) {
    EXPECT_EQ(negotiate_coding(row.accept_encoding), row.both_on_offer) << "'" << row.accept_encoding << "'";
    EXPECT_EQ(negotiate_coding(row.accept_encoding, CodingsOnOffer{.gzip = true, .brotli = false}), row.gzip_only)
        << "'" << row.accept_encoding << "', gzip only";
    EXPECT_EQ(negotiate_coding(row.accept_encoding, CodingsOnOffer{.gzip = false, .brotli = false}), kIdentity)
        << "'" << row.accept_encoding << "', identity only";
  }
}

TEST(NegotiateCodingTest, LongHostileHeadersAreHandled) {
  std::string commas(100'000, ',');
  EXPECT_EQ(negotiate_coding(commas + "br"), kBrotli);
  std::string many;
  for (int i = 0; i < 10'000; ++i) many += "gzip;q=0.5, ";
  EXPECT_EQ(negotiate_coding(many + "br;q=0.6"), kBrotli);
  EXPECT_EQ(negotiate_coding(std::string(100'000, 'a')), kIdentity);
  EXPECT_EQ(negotiate_coding(std::string(100'000, ';')), kIdentity);
  EXPECT_EQ(negotiate_coding(many + "br;q=0.6;"), kIdentity);
}

// Text like a JSON reply: compressible, but not trivially.
std::string sample_json(int rows) {
  std::string text = "[";
  for (int i = 0; i < rows; ++i) {
    text += std::string(i == 0 ? "" : ",") + R"({"iso3":"N)" + std::to_string(i * 7919 % 1000) + R"(","relation":")" +
            (i % 3 == 0 ? "member" : "partner") + R"(","since":")" + std::to_string(1949 + i % 75) + "-04-04\"}";
  }
  return text + "]";
}

TEST(EncodeTest, RoundTripsInEveryCodingAndEffort) {
  for (const std::string& data : {std::string(), std::string("x"), sample_json(400), std::string(300'000, 'z')}) {
    for (const ContentCoding coding : {kIdentity, kGzip, kBrotli}) {
      for (const CompressionEffort effort : {CompressionEffort::kFast, CompressionEffort::kSmallest}) {
        const std::optional<std::string> encoded = encode(coding, data, effort);
        ASSERT_TRUE(encoded) << coding_name(coding);
        if (coding != kIdentity && data.size() > 1000) {
          EXPECT_LT(encoded->size(), data.size() / 3);
        }
        const std::optional<std::string> decoded = decode(coding, *encoded, data.size());
        ASSERT_TRUE(decoded) << coding_name(coding) << " of " << data.size() << " bytes";
        EXPECT_EQ(*decoded, data);
      }
    }
  }
}

TEST(EncodeTest, GzipIsAGzipStream) {
  const std::optional<std::string> encoded = encode(kGzip, sample_json(10), CompressionEffort::kFast);
  ASSERT_TRUE(encoded);
  ASSERT_GE(encoded->size(), 18U);
  EXPECT_EQ(static_cast<unsigned char>((*encoded)[0]), 0x1FU);  // RFC 1952 2.3.1
  EXPECT_EQ(static_cast<unsigned char>((*encoded)[1]), 0x8BU);
}

TEST(DecodeTest, RefusesWhatIsNotAWholeStream) {
  const std::string data = sample_json(200);
  for (const ContentCoding coding : {kGzip, kBrotli}) {
    const std::string encoded = *encode(coding, data, CompressionEffort::kFast);
    EXPECT_FALSE(decode(coding, encoded.substr(0, encoded.size() / 2), data.size())) << "cut short";
    EXPECT_FALSE(decode(coding, encoded + "trailing", data.size())) << "bytes after the stream";
    EXPECT_FALSE(decode(coding, encoded, data.size() - 1)) << "larger than allowed";
    EXPECT_FALSE(decode(coding, "not compressed at all", data.size()));
    EXPECT_FALSE(decode(coding, "", data.size()));
    std::string corrupt = encoded;
    corrupt[corrupt.size() / 2] = static_cast<char>(corrupt[corrupt.size() / 2] ^ 0x55);
    const std::optional<std::string> decoded = decode(coding, corrupt, data.size());
    EXPECT_TRUE(!decoded || *decoded != data) << "a flipped byte";
  }
  EXPECT_FALSE(decode(kGzip, *encode(kBrotli, data, CompressionEffort::kFast), data.size())) << "the wrong coding";
}

// A small stream that decodes to a great deal is cut off at the bound, not decoded whole.
TEST(DecodeTest, BoundsWhatABombDecodesTo) {
  const std::string huge(std::size_t{64} << 20U, '\0');
  for (const ContentCoding coding : {kGzip, kBrotli}) {
    const std::string bomb = *encode(coding, huge, CompressionEffort::kFast);
    EXPECT_LT(bomb.size(), std::size_t{1} << 20U);
    EXPECT_FALSE(decode(coding, bomb, 1000));
  }
}

TEST(IsCompressibleTest, ByMediaType) {
  for (const char* type : {"application/json", "application/problem+json", "text/csv; charset=utf-8",
                           "text/html; charset=utf-8", "text/javascript; charset=utf-8", "text/css; charset=utf-8",
                           "image/svg+xml", "application/xml", "Application/JSON", "text/plain"}) {
    EXPECT_TRUE(is_compressible(type)) << type;
  }
  for (const char* type : {"image/png", "font/woff2", "application/octet-stream", "image/x-icon", "", "json",
                           "application/jsonx", "application/gzip"}) {
    EXPECT_FALSE(is_compressible(type)) << type;
  }
}

TEST(EtagForTest, SuffixInsideTheQuotes) {
  EXPECT_EQ(etag_for("\"v42\"", kBrotli), "\"v42-br\"");
  EXPECT_EQ(etag_for("\"v42\"", kGzip), "\"v42-gz\"");
  EXPECT_EQ(etag_for("\"v42\"", kIdentity), "\"v42\"");
  EXPECT_EQ(etag_for("W/\"v42\"", kBrotli), "W/\"v42-br\"");
}

HttpReply json_reply_of(std::string body, unsigned status = 200) {
  return HttpReply{status, "application/json", std::move(body), {{"ETag", "\"v7\""}}};
}

TEST(EncodeReplyTest, CompressesALargeJsonReply) {
  const std::string body = sample_json(400);
  for (const ContentCoding coding : {kGzip, kBrotli}) {
    const HttpReply reply = encode_reply(json_reply_of(body), coding);
    EXPECT_EQ(reply.header("Content-Encoding"), coding_name(coding));
    EXPECT_EQ(reply.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(reply.header("ETag"), coding == kGzip ? "\"v7-gz\"" : "\"v7-br\"");
    EXPECT_EQ(reply.content_type, "application/json");
    EXPECT_LT(reply.text().size(), body.size() / 3);
    EXPECT_EQ(decode(coding, reply.text(), body.size()), body);
  }
}

TEST(EncodeReplyTest, IdentityStillVaries) {
  const HttpReply reply = encode_reply(json_reply_of(sample_json(400)), kIdentity);
  EXPECT_EQ(reply.header("Content-Encoding"), "");
  EXPECT_EQ(reply.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(reply.header("ETag"), "\"v7\"");
  EXPECT_EQ(reply.text(), sample_json(400));
}

TEST(EncodeReplyTest, LeavesAloneWhatIsNotWorthIt) {
  const std::string small(kMinimumCompressedBytes - 1, 'a');
  const std::string large = sample_json(400);
  std::vector<HttpReply> replies{json_reply_of(small), json_reply_of(large, 304), json_reply_of(large, 204),
                                 HttpReply{200, "image/png", large}, HttpReply{200, "font/woff2", large}};
  HttpReply encoded = json_reply_of(large);
  encoded.headers.emplace_back("Content-Encoding", "gzip");
  replies.push_back(encoded);
  HttpReply no_body = json_reply_of("");
  no_body.body = nullptr;
  replies.push_back(no_body);
  for (const HttpReply& before : replies) {
    const HttpReply after = encode_reply(before, kBrotli);
    EXPECT_EQ(after.body, before.body) << before.content_type << " " << before.status << " " << before.text().size();
    EXPECT_EQ(after.headers, before.headers);
  }
}

// Random bytes do not compress: the reply goes out as it is, and still varies.
TEST(EncodeReplyTest, KeepsIdentityWhenEncodingIsNotSmaller) {
  std::string noise(4096, '\0');
  std::uint32_t state = 12345;
  for (char& c : noise) {
    state = state * 1103515245U + 12345U;
    c = static_cast<char>(state >> 24U);
  }
  const HttpReply reply = encode_reply(HttpReply{200, "text/plain", noise, {{"ETag", "\"n\""}}}, kGzip);
  EXPECT_EQ(reply.text(), noise);
  EXPECT_EQ(reply.header("Content-Encoding"), "");
  EXPECT_EQ(reply.header("ETag"), "\"n\"");
  EXPECT_EQ(reply.header("Vary"), "Accept-Encoding");
}

TEST(EncodeReplyTest, JoinsAnExistingVary) {
  HttpReply reply = json_reply_of(sample_json(400));
  reply.headers.emplace_back("Vary", "Accept");
  reply = encode_reply(std::move(reply), kGzip);
  EXPECT_EQ(reply.header("Vary"), "Accept, Accept-Encoding");
  std::size_t varies = 0;
  for (const auto& header : reply.headers) varies += header.first == "Vary" ? 1 : 0;
  EXPECT_EQ(varies, 1U);
}

}  // namespace
}  // namespace entente
