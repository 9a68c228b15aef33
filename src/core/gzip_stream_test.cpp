#include "core/gzip_stream.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace entente {
namespace {

// Inflates every gzip member of `compressed` in turn, as gzip -d does; counts them in `members`.
std::string gunzip_members(const std::string& compressed, int* members = nullptr) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));  // NOLINT
  zs.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  std::array<char, 16384> block{};
  int count = 0;
  int status = Z_OK;
  while (status == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(block.data());  // NOLINT
    zs.avail_out = static_cast<uInt>(block.size());
    status = inflate(&zs, Z_NO_FLUSH);
    out.append(block.data(), block.size() - zs.avail_out);
    if (status == Z_STREAM_END) {
      ++count;
      if (zs.avail_in > 0 && inflateReset(&zs) == Z_OK) status = Z_OK;
    }
  }
  EXPECT_EQ(status, Z_STREAM_END);
  EXPECT_EQ(zs.avail_in, 0U);
  inflateEnd(&zs);
  if (members != nullptr) *members = count;
  return out;
}

// Compresses `text` given in pieces of `piece_bytes` through gzip_in_parallel.
std::string gzip(const std::string& text, std::size_t piece_bytes, unsigned threads, std::size_t block_bytes,
                 int level = 1) {
  std::size_t at = 0;
  std::string compressed;
  const bool written = gzip_in_parallel(
      [&](std::string& piece) {
        if (at >= text.size()) return false;
        piece = text.substr(at, piece_bytes);
        at += piece.size();
        return true;
      },
      [&](std::string_view bytes) {
        compressed += bytes;
        return true;
      },
      level, threads, block_bytes);
  EXPECT_TRUE(written);
  return compressed;
}

std::string sample_text(int lines) {
  std::string text;
  for (int line = 0; line < lines; ++line) {
    text += std::to_string(1949 + line % 77) + ",N" + std::to_string(line * 7919 % 211) + ",X" +
            std::to_string(line % 13) + "," + std::to_string(line * 31 % 5) + ",0,1\n";
  }
  return text;
}

TEST(GzipInParallelTest, EmptySourceMakesOneEmptyMember) {
  for (const unsigned threads : {1U, 2U}) {
    const std::string compressed = gzip("", 1, threads, 4096);
    int members = 0;
    EXPECT_EQ(gunzip_members(compressed, &members), "");
    EXPECT_EQ(members, 1);
    EXPECT_EQ(compressed.substr(0, 2), "\x1f\x8b");
  }
}

TEST(GzipInParallelTest, OneByte) {
  for (const unsigned threads : {1U, 2U}) {
    int members = 0;
    EXPECT_EQ(gunzip_members(gzip("x", 1, threads, 4096), &members), "x");
    EXPECT_EQ(members, 1);
  }
}

TEST(GzipInParallelTest, ManyBlocksDecompressInOrder) {
  const std::string text = sample_text(20000);
  ASSERT_GT(text.size(), std::size_t{50} * 4096);
  for (const unsigned threads : {1U, 2U, 3U}) {
    for (const std::size_t piece_bytes : {std::size_t{1000}, std::size_t{5000}, std::size_t{70000}, text.size()}) {
      int members = 0;
      EXPECT_EQ(gunzip_members(gzip(text, piece_bytes, threads, 4096), &members), text)
          << threads << " threads, pieces of " << piece_bytes;
      // A block takes whole pieces until it holds at least 4096 bytes.
      const std::size_t per_block = (4096 + piece_bytes - 1) / piece_bytes * piece_bytes;
      EXPECT_EQ(members, static_cast<int>((text.size() + per_block - 1) / per_block))
          << threads << " threads, pieces of " << piece_bytes;
    }
  }
}

TEST(GzipInParallelTest, OutputDoesNotDependOnThreads) {
  const std::string text = sample_text(20000);
  const std::string one = gzip(text, 3000, 1, 8192);
  EXPECT_EQ(gzip(text, 3000, 2, 8192), one);
  EXPECT_EQ(gzip(text, 3000, 4, 8192), one);
  EXPECT_LT(one.size(), text.size() / 3);
}

TEST(GzipInParallelTest, EveryLevelRoundTrips) {
  const std::string text = sample_text(3000);
  for (const int level : {-3, 0, 1, 2, 3, 6, 9, 12, 40}) {
    EXPECT_EQ(gunzip_members(gzip(text, 500, 2, 4096, level)), text) << "level " << level;
  }
}

TEST(GzipInParallelTest, StopsWhenTheSinkDoes) {
  for (const unsigned threads : {1U, 2U}) {
    int calls = 0;
    int pieces = 0;
    EXPECT_FALSE(gzip_in_parallel(
        [&](std::string& piece) {
          ++pieces;
          piece = "x";
          return true;
        },
        [&](std::string_view) { return ++calls < 3; }, 1, threads, 1024));
    EXPECT_EQ(calls, 3);
    // The source is read ahead by a bounded number of blocks only.
    EXPECT_LE(pieces, 1024 * (3 + 2 * static_cast<int>(threads)));
  }
}

TEST(GzipStreamTest, StaysOneMember) {
  const std::string text = sample_text(5000);
  GzipStream stream(1);
  ASSERT_TRUE(stream.ok());
  std::string compressed;
  for (std::size_t at = 0; at < text.size(); at += 1000)
    stream.feed(std::string_view(text).substr(at, 1000), compressed);
  stream.finish(compressed);
  int members = 0;
  EXPECT_EQ(gunzip_members(compressed, &members), text);
  EXPECT_EQ(members, 1);
}

}  // namespace
}  // namespace entente
