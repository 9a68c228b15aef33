#include "server/static_files.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "server/compression.hpp"

namespace entente {
namespace {

namespace fs = std::filesystem;

// A built UI in a temporary folder: index.html and one content-hashed asset.
class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest()
      : root_(fs::temp_directory_path() /
              ("entente-static-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()))) {
    fs::create_directories(root_ / "assets");
    write("index.html", "<!doctype html><title>Entente</title>");
    write("assets/app-123.js", "console.log('entente');");
    write("favicon.svg", "<svg/>");
  }
  ~StaticFilesTest() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  void write(const std::string& relative, const std::string& body) const {
    std::ofstream out(root_ / relative, std::ios::binary);
    out << body;
  }

  fs::path root_;
};

TEST_F(StaticFilesTest, LoadsEveryFileUnderTheRoot) {
  const StaticFiles files = StaticFiles::load(root_);
  EXPECT_EQ(files.size(), 3U);
}

TEST_F(StaticFilesTest, RootIsIndexHtml) {
  const StaticFiles files = StaticFiles::load(root_);
  for (const char* path : {"/", "", "/index.html"}) {
    const StaticFiles::File* index = files.find(path);
    ASSERT_NE(index, nullptr) << "'" << path << "'";
    EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
    EXPECT_EQ(*index->body, "<!doctype html><title>Entente</title>");
    EXPECT_FALSE(index->immutable);
  }
}

TEST_F(StaticFilesTest, AssetsAreImmutable) {
  const StaticFiles files = StaticFiles::load(root_);
  const StaticFiles::File* script = files.find("/assets/app-123.js");
  ASSERT_NE(script, nullptr);
  EXPECT_TRUE(script->immutable);
  EXPECT_EQ(script->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(*script->body, "console.log('entente');");

  const StaticFiles::File* icon = files.find("/favicon.svg");
  ASSERT_NE(icon, nullptr);
  EXPECT_FALSE(icon->immutable);
}

TEST_F(StaticFilesTest, MissingFileIsNull) {
  const StaticFiles files = StaticFiles::load(root_);
  EXPECT_EQ(files.find("/missing.html"), nullptr);
  EXPECT_EQ(files.find("/assets/app-124.js"), nullptr);
  EXPECT_EQ(files.find("/assets/"), nullptr);
  EXPECT_EQ(files.find("/assets/../index.html"), nullptr);
  EXPECT_EQ(files.find("index.html"), nullptr);  // paths are URL paths, with a leading slash
}

// Regression: a file symlink inside the web root was served under a path outside it.
TEST_F(StaticFilesTest, SymlinkOutOfTheRootIsNotServed) {
  const fs::path outside = root_.string() + "-outside";
  fs::create_directories(outside / "folder");
  std::ofstream(outside / "secret.txt") << "secret";
  std::ofstream(outside / "folder" / "inner.txt") << "inner";
  fs::create_symlink(outside / "secret.txt", root_ / "secret.txt");
  fs::create_directory_symlink(outside / "folder", root_ / "linked");
  fs::create_symlink(root_ / "favicon.svg", root_ / "icon-link.svg");  // inside the root: served
  fs::create_symlink(root_ / "gone.txt", root_ / "dangling.txt");

  const StaticFiles files = StaticFiles::load(root_);
  EXPECT_EQ(files.find("/secret.txt"), nullptr);
  EXPECT_EQ(files.find("/linked/inner.txt"), nullptr);
  EXPECT_EQ(files.find("/dangling.txt"), nullptr);
  ASSERT_NE(files.find("/icon-link.svg"), nullptr);
  EXPECT_EQ(*files.find("/icon-link.svg")->body, "<svg/>");
  EXPECT_EQ(files.size(), 4U);

  std::error_code ignored;
  fs::remove_all(outside, ignored);
}

// The root itself may be a link (e.g. a release folder): what lies under it is served.
TEST_F(StaticFilesTest, RootReachedThroughASymlinkIsServed) {
  const fs::path link = root_.string() + "-link";
  fs::create_directory_symlink(root_, link);
  const StaticFiles files = StaticFiles::load(link);
  EXPECT_EQ(files.size(), 3U);
  EXPECT_NE(files.find("/assets/app-123.js"), nullptr);
  std::error_code ignored;
  fs::remove(link, ignored);
}

TEST_F(StaticFilesTest, MissingRootGivesNoFiles) {
  const StaticFiles files = StaticFiles::load(root_ / "no-such-folder");
  EXPECT_EQ(files.size(), 0U);
  EXPECT_EQ(files.find("/"), nullptr);
}

// --- Precompressed siblings -----------------------------------------------------------------

// A script long enough to compress, as a built UI has it.
std::string script_text() {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "export const value" + std::to_string(i) + " = 'entente';\n";
  return text;
}

class PrecompressedTest : public StaticFilesTest {
 protected:
  PrecompressedTest() {
    write("assets/app-456.js", script_text());
    write("assets/app-456.js.gz", *encode(ContentCoding::kGzip, script_text(), CompressionEffort::kSmallest));
    write("assets/app-456.js.br", *encode(ContentCoding::kBrotli, script_text(), CompressionEffort::kSmallest));
  }
};

TEST_F(PrecompressedTest, SiblingsBelongToTheirFileAndAreNotFilesOfTheirOwn) {
  const StaticFiles files = StaticFiles::load(root_);
  EXPECT_EQ(files.size(), 4U);
  EXPECT_EQ(files.precompressed(), 1U);
  EXPECT_EQ(files.find("/assets/app-456.js.br"), nullptr);
  EXPECT_EQ(files.find("/assets/app-456.js.gz"), nullptr);
  const StaticFiles::File* script = files.find("/assets/app-456.js");
  ASSERT_NE(script, nullptr);
  ASSERT_NE(script->gzip, nullptr);
  ASSERT_NE(script->brotli, nullptr);
  EXPECT_EQ(*script->body, script_text());
}

// Each coding round-trips to the file's bytes, with its own ETag and Content-Encoding.
TEST_F(PrecompressedTest, ServedInTheCodingTheClientPrefers) {
  const StaticFiles files = StaticFiles::load(root_);
  const StaticFiles::File& script = *files.find("/assets/app-456.js");
  const std::string etag = script.etag;
  ASSERT_EQ(etag.size(), 18U) << etag;  // sixteen hex digits in quotes
  struct Case {
    const char* accept_encoding;
    ContentCoding coding;
    std::string etag;
  };
  for (const Case& expected :
       {Case{"gzip, deflate, br, zstd", ContentCoding::kBrotli, etag_for(etag, ContentCoding::kBrotli)},
        Case{"gzip", ContentCoding::kGzip, etag_for(etag, ContentCoding::kGzip)},
        Case{"", ContentCoding::kIdentity, etag}, Case{"br;q=0, gzip;q=0", ContentCoding::kIdentity, etag},
        Case{"gzip;q=nonsense", ContentCoding::kIdentity, etag}}) {
    const HttpReply reply = script.reply(expected.accept_encoding, "");
    EXPECT_EQ(reply.status, 200U);
    EXPECT_EQ(reply.content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(reply.header("ETag"), expected.etag) << expected.accept_encoding;
    EXPECT_EQ(reply.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(reply.header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(reply.header("Content-Encoding"),
              expected.coding == ContentCoding::kIdentity ? "" : coding_name(expected.coding));
    EXPECT_EQ(decode(expected.coding, reply.text(), script_text().size()), script_text()) << expected.accept_encoding;
  }
  EXPECT_NE(etag_for(etag, ContentCoding::kBrotli), etag);
}

TEST_F(PrecompressedTest, IfNoneMatchNamesOneCoding) {
  const StaticFiles files = StaticFiles::load(root_);
  const StaticFiles::File& script = *files.find("/assets/app-456.js");
  const std::string brotli_tag = etag_for(script.etag, ContentCoding::kBrotli);
  const HttpReply same = script.reply("br", brotli_tag);
  EXPECT_EQ(same.status, 304U);
  EXPECT_TRUE(same.text().empty());
  EXPECT_EQ(same.header("ETag"), brotli_tag);
  EXPECT_EQ(same.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(same.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(script.reply("", script.etag).status, 304U);
  EXPECT_EQ(script.reply("gzip", "W/" + etag_for(script.etag, ContentCoding::kGzip)).status, 304U);
  EXPECT_EQ(script.reply("gzip", brotli_tag).status, 200U);
  EXPECT_EQ(script.reply("", brotli_tag).status, 200U);
  EXPECT_EQ(script.reply("br", script.etag).status, 200U);
}

// The ETag is the content's: the same after a restart, another for other bytes.
TEST_F(PrecompressedTest, EtagsFollowTheContent) {
  const std::string before = StaticFiles::load(root_).find("/index.html")->etag;
  EXPECT_EQ(StaticFiles::load(root_).find("/index.html")->etag, before);
  write("index.html", "<!doctype html><title>Entente 2</title>");
  EXPECT_NE(StaticFiles::load(root_).find("/index.html")->etag, before);
  EXPECT_NE(StaticFiles::load(root_).find("/favicon.svg")->etag, before);
}

// A file without siblings comes one way only: no Vary, no Content-Encoding.
TEST_F(PrecompressedTest, AFileWithoutSiblingsDoesNotVary) {
  const StaticFiles files = StaticFiles::load(root_);
  const HttpReply reply = files.find("/assets/app-123.js")->reply("br, gzip", "");
  EXPECT_EQ(reply.header("Vary"), "");
  EXPECT_EQ(reply.header("Content-Encoding"), "");
  EXPECT_EQ(reply.text(), "console.log('entente');");
}

TEST_F(PrecompressedTest, OnlyTheCodingsThatArePresentAreOffered) {
  fs::remove(root_ / "assets/app-456.js.br");
  const StaticFiles files = StaticFiles::load(root_);
  const StaticFiles::File& script = *files.find("/assets/app-456.js");
  EXPECT_EQ(script.brotli, nullptr);
  EXPECT_EQ(script.reply("br", "").header("Content-Encoding"), "");
  EXPECT_EQ(script.reply("br", "").header("Vary"), "Accept-Encoding");
  EXPECT_EQ(script.reply("br, gzip", "").header("Content-Encoding"), "gzip");
}

// Regression guard: a sibling left over from an older build would serve the old bytes.
TEST_F(PrecompressedTest, StaleCorruptOrLargerSiblingsAreNotUsed) {
  write("assets/app-456.js.br", *encode(ContentCoding::kBrotli, script_text() + "// older", CompressionEffort::kFast));
  std::string corrupt = *encode(ContentCoding::kGzip, script_text(), CompressionEffort::kFast);
  corrupt.resize(corrupt.size() - 4);
  write("assets/app-456.js.gz", corrupt);
  write("index.html.gz",
        *encode(ContentCoding::kGzip, "<!doctype html><title>Entente</title>", CompressionEffort::kSmallest));
  const StaticFiles files = StaticFiles::load(root_);
  const StaticFiles::File& script = *files.find("/assets/app-456.js");
  EXPECT_EQ(script.brotli, nullptr);
  EXPECT_EQ(script.gzip, nullptr);
  EXPECT_EQ(script.reply("br, gzip", "").text(), script_text());
  EXPECT_EQ(files.find("/index.html")->gzip, nullptr) << "a gzip of 37 bytes is larger than they are";
  EXPECT_EQ(files.precompressed(), 0U);
  // What is not in use is served as it is, as any other file.
  ASSERT_NE(files.find("/assets/app-456.js.br"), nullptr);
  EXPECT_EQ(files.find("/assets/app-456.js.br")->content_type, "application/octet-stream");
}

// An archive with no file of its name beside it is a file of its own.
TEST_F(PrecompressedTest, AnArchiveWithoutItsPlainFileIsAFile) {
  write("data.tar.gz", "not really an archive");
  const StaticFiles files = StaticFiles::load(root_);
  ASSERT_NE(files.find("/data.tar.gz"), nullptr);
  EXPECT_EQ(*files.find("/data.tar.gz")->body, "not really an archive");
}

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/app-123.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("worker.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/app-123.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("world.json"), "application/json");
  EXPECT_EQ(content_type_for("countries-110m.topojson"), "application/json");
  EXPECT_EQ(content_type_for("favicon.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("shot.png"), "image/png");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("inter.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("archive.tar.gz"), "application/octet-stream");
  EXPECT_EQ(content_type_for("README"), "application/octet-stream");
}

}  // namespace
}  // namespace entente
