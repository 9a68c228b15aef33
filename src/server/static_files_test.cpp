#include "server/static_files.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

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

TEST(ContentTypeTest, ByExtension) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/app-123.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("worker.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/app-123.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("world.json"), "application/json");
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
