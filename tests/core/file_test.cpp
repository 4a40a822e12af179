#include "corridor/file.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <gtest/gtest.h>

#include "core/file_internal.h"

namespace corridor {
namespace {

namespace fs = std::filesystem;

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corridor_file_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::size_t FilesIn(const fs::path& p) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(p), fs::directory_iterator()));
  }
  fs::path dir_;
};

TEST_F(FileTest, WriteThenReadGivesTheSameBytes) {
  std::string path = (dir_ / "x.txt").string();
  std::string content("a\0b\r\nc", 6);
  ASSERT_TRUE(WriteFileAtomically(path, content).ok());
  std::string back;
  ASSERT_TRUE(ReadFileToString(path, &back).ok());
  EXPECT_EQ(back, content);
  EXPECT_EQ(FilesIn(dir_), 1u) << "no temporary file may remain";
}

// A file that cannot be read is named once in its diagnostic: "FILE: error: FILE: no such
// file" said it twice (the status's message names it, for callers that print it alone).
TEST_F(FileTest, AnUnreadableFileIsNamedOnceInItsDiagnostic) {
  const std::string gone = (dir_ / "gone.net").string();
  fs::create_symlink(dir_ / "nothere", dir_ / "link.net");
  const std::string link = (dir_ / "link.net").string();
  for (const auto& [path, said] :
       {std::pair<std::string, std::string>{gone, "error: no such file [file-not-found]"},
        {link, "error: a symbolic link to '" + (dir_ / "nothere").string() +
                   "', which does not exist [file-not-found]"},
        {dir_.string(), "error: is a directory, expected a regular file [io-error]"}}) {
    std::string content;
    Diagnostics d;
    const Status s = ReadFileReporting(path, &content, &d);
    EXPECT_FALSE(s.ok()) << path;
    EXPECT_EQ(s.message().rfind(path + ": ", 0), 0u) << s.message();
    const std::string text = d.ToString();
    EXPECT_NE(text.find(path + ": " + said), std::string::npos) << text;
    EXPECT_EQ(text.find(path, text.find(path) + 1), std::string::npos) << text;
  }
}

// A null output is a Status, as in every other reader (it was a segmentation fault).
TEST_F(FileTest, ReadingIntoNullIsRefused) {
  std::string path = (dir_ / "x.txt").string();
  ASSERT_TRUE(WriteFileAtomically(path, "x").ok());
  Status s = ReadFileToString(path, nullptr);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("content must not be null"), std::string::npos) << s.message();
}

TEST_F(FileTest, OverwriteReplacesWholeFile) {
  std::string path = (dir_ / "x.txt").string();
  ASSERT_TRUE(WriteFileAtomically(path, "a long first version").ok());
  ASSERT_TRUE(WriteFileAtomically(path, "short").ok());
  std::string back;
  ASSERT_TRUE(ReadFileToString(path, &back).ok());
  EXPECT_EQ(back, "short");
}

TEST_F(FileTest, MissingFolderFailsAndLeavesNothing) {
  Status s = WriteFileAtomically((dir_ / "no" / "x.txt").string(), "x");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("does not exist"), std::string::npos) << s.message();
  EXPECT_EQ(FilesIn(dir_), 0u);
}

// Regression: convert removed a user's existing file when a later write of the same run
// failed. A set of files is now written all or nothing, and old files keep their content.
TEST_F(FileTest, SeveralFilesAllOrNothing) {
  const std::string a = (dir_ / "case.net").string(), b = (dir_ / "case.scn").string();
  ASSERT_TRUE(WriteFileAtomically(a, "precious").ok());
  fs::create_directories(b);  // the second target is a folder: its write must fail
  Status s = WriteFilesAtomically({{a, "new net"}, {b, "new scn"}});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("is a folder"), std::string::npos) << s.message();
  std::string back;
  ASSERT_TRUE(ReadFileToString(a, &back).ok());
  EXPECT_EQ(back, "precious");
  EXPECT_EQ(FilesIn(dir_), 2u) << "no temporary file may remain";
  fs::remove_all(b);
  ASSERT_TRUE(WriteFilesAtomically({{a, "new net"}, {b, "new scn"}}).ok());
  ASSERT_TRUE(ReadFileToString(a, &back).ok());
  EXPECT_EQ(back, "new net");
  ASSERT_TRUE(ReadFileToString(b, &back).ok());
  EXPECT_EQ(back, "new scn");
}

// Regression: when a later rename failed (an immutable target, a sticky folder owned by
// someone else), the targets renamed before it stayed replaced although `convert` said
// nothing was written, and the message read "cannot rename temporary file: Success" (the
// clean-up overwrote the error). Now the earlier targets get their old files back, a
// target that did not exist before goes again, and the message names the real cause.
TEST_F(FileTest, ALateRenameFailureRestoresTheEarlierTargets) {
  const std::string a = (dir_ / "case.net").string(), b = (dir_ / "case.scn").string(),
                    c = (dir_ / "case.cs").string();
  ASSERT_TRUE(WriteFileAtomically(a, "old net").ok());
  // Once every temporary is written, a folder appears at the last target: its rename fails.
  auto folder_at_c = [&](std::size_t i) {
    if (i == 2) fs::create_directories(dir_ / "case.cs" / "inside");
  };
  Status s = file_internal::WriteFilesAtomically({{a, "new net"}, {b, "new scn"}, {c, "new cs"}},
                                                 folder_at_c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(c + ": cannot rename temporary file: Is a directory"),
            std::string::npos)
      << s.message();
  std::string back;
  ASSERT_TRUE(ReadFileToString(a, &back).ok());
  EXPECT_EQ(back, "old net") << "a replaced target gets its old file back";
  EXPECT_FALSE(fs::exists(b)) << "a target that was not there before goes again";
  EXPECT_EQ(FilesIn(dir_), 2u) << "case.net and the folder case.cs; no temporary or backup";
}

// What a signal handler calls (RemovePendingTemporaries) removes the temporaries of a write
// in progress and nothing else: hydro interrupted while writing 300 MB left its
// .corridor-*.tmp behind, and later runs kept it. Called here once every temporary is
// written, before the first rename: the set then fails and leaves what was there.
TEST_F(FileTest, PendingTemporariesAreRemovedOnRequest) {
  const std::string a = (dir_ / "case.net").string(), b = (dir_ / "case.scn").string();
  ASSERT_TRUE(WriteFileAtomically(a, "old net").ok());
  std::size_t during = 0, after = 0;
  auto interrupt = [&](std::size_t i) {
    if (i != 0) return;
    during = FilesIn(dir_);
    RemovePendingTemporaries();
    after = FilesIn(dir_);
  };
  const Status s = file_internal::WriteFilesAtomically({{a, "new net"}, {b, "new scn"}},
                                                       interrupt);
  EXPECT_EQ(during, 3u) << "case.net and the two temporaries";
  EXPECT_EQ(after, 1u) << "case.net alone";
  EXPECT_FALSE(s.ok());
  std::string back;
  ASSERT_TRUE(ReadFileToString(a, &back).ok());
  EXPECT_EQ(back, "old net");
  EXPECT_EQ(FilesIn(dir_), 1u);
  // A write that finished holds no pending name: a second call removes nothing of it.
  ASSERT_TRUE(WriteFilesAtomically({{a, "new net"}, {b, "new scn"}}).ok());
  RemovePendingTemporaries();
  EXPECT_EQ(FilesIn(dir_), 2u);
}

// Writes `files` (WriteFilesAtomically) in a forked child that SIGTERM interrupts just
// before target `at` is replaced, its handler calling RemovePendingTemporaries as the CLI's
// does. The child's wait status: exited 0 where the handler ended it.
int WriteInterruptedAt(const std::vector<FileContent>& files, std::size_t at) {
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    std::signal(SIGTERM, [](int) {
      RemovePendingTemporaries();
      ::_exit(0);
    });
    (void)file_internal::WriteFilesAtomically(files, [at](std::size_t i) {
      if (i == at) std::raise(SIGTERM);
    });
    ::_exit(1);
  }
  int status = 0;
  return ::waitpid(pid, &status, 0) == pid ? status : -1;
}

// Interrupted after the first target of a set was replaced (SIGTERM in a process whose
// handler calls RemovePendingTemporaries, as the CLI's does): the folder holds the earlier
// set exactly, the replaced target's old file back, the new target gone, no backup or
// temporary left (it held the new case.net beside the old case.scn, and a .old file).
TEST_F(FileTest, AnInterruptDuringTheRenamesLeavesTheEarlierSet) {
  const std::string a = (dir_ / "case.net").string(), b = (dir_ / "case.scn").string(),
                    c = (dir_ / "new.cs").string();
  ASSERT_TRUE(WriteFilesAtomically({{a, "old net"}, {b, "old scn"}}).ok());
  // (case.net and new.cs in place)
  const int status = WriteInterruptedAt({{a, "new net"}, {c, "new cs"}, {b, "new scn"}}, 2);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  std::string back;
  ASSERT_TRUE(ReadFileToString(a, &back).ok());
  EXPECT_EQ(back, "old net");
  ASSERT_TRUE(ReadFileToString(b, &back).ok());
  EXPECT_EQ(back, "old scn");
  EXPECT_FALSE(fs::exists(c));
  EXPECT_EQ(FilesIn(dir_), 2u);
}

// The same for a set of 200 files (simulate --plots of a network with many units): each
// takes two pending slots, and with 64 of them all but the first 32 files' were left
// unprotected (the interrupt left most targets new).
TEST_F(FileTest, AnInterruptLeavesTheEarlierSetOfManyFiles) {
  constexpr int kFiles = 200;
  std::vector<FileContent> old_set, new_set;
  for (int i = 0; i < kFiles; ++i) {
    const std::string path = (dir_ / ("unit" + std::to_string(i) + ".svg")).string();
    old_set.push_back({path, "old " + std::to_string(i)});
    new_set.push_back({path, "new " + std::to_string(i)});
  }
  ASSERT_TRUE(WriteFilesAtomically(old_set).ok());
  const int status = WriteInterruptedAt(new_set, kFiles - 1);  // all but the last replaced
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  int old_kept = 0;
  for (const FileContent& f : old_set) {
    std::string back;
    if (ReadFileToString(f.path, &back).ok() && back == f.content) ++old_kept;
  }
  EXPECT_EQ(old_kept, kFiles);
  EXPECT_EQ(FilesIn(dir_), static_cast<std::size_t>(kFiles)) << "no temporary or backup left";
}

// A read-only file replaced stays read-only (it came back 0644 from the temporary).
TEST_F(FileTest, AReplacedFileKeepsItsPermissions) {
  const std::string a = (dir_ / "case.net").string(), b = (dir_ / "case.scn").string();
  ASSERT_TRUE(WriteFileAtomically(a, "old net").ok());
  const auto read_only = fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;
  fs::permissions(a, read_only);
  ASSERT_TRUE(WriteFilesAtomically({{a, "new net"}, {b, "new scn"}}).ok());
  std::string back;
  ASSERT_TRUE(ReadFileToString(a, &back).ok());
  EXPECT_EQ(back, "new net");
  EXPECT_EQ(fs::status(a).permissions(), read_only);
  EXPECT_EQ(FilesIn(dir_), 2u) << "no temporary or backup may remain";
}

// An output folder made for a set of files goes again when the files cannot be written:
// a failed `run`, `hydro`, `track` or `simulate --out` leaves no empty folder behind.
// The folders a failed call made were removed with everything in them: another thread's
// files, written there meanwhile and reported written, went too (two scenarios written at
// once into out/<name>/). Only empty ones go now. Thread B writes out/b/ the moment thread A
// has made out/a/; A's write of 20 MB then fails on a name too long.
TEST_F(FileTest, AFailedWriteLeavesWhatOthersWroteInTheFoldersItMade) {
  const fs::path out = dir_ / "out";
  const std::vector<FileContent> bad = {{(out / "a" / "big.bin").string(),
                                         std::string(20u << 20, 'x')},
                                        {(out / "a" / std::string(300, 'n')).string(), "n"}};
  std::atomic<bool> b_ok{false};
  std::thread b([&] {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!fs::exists(out / "a") && std::chrono::steady_clock::now() < until)
      std::this_thread::yield();
    b_ok = WriteFilesIntoFolders({(out / "b").string()},
                                 {{(out / "b" / "result.txt").string(), "mine"}})
               .ok();
  });
  const Status a = WriteFilesIntoFolders({(out / "a").string()}, bad);
  b.join();
  EXPECT_FALSE(a.ok());
  ASSERT_TRUE(b_ok.load());
  EXPECT_TRUE(fs::is_regular_file(out / "b" / "result.txt"));
  EXPECT_FALSE(fs::exists(out / "a"));  // made by the failed call, and empty: gone
}

TEST_F(FileTest, FoldersMadeForAFailedWriteAreRemoved) {
  const fs::path out = dir_ / "out" / "run1", plots = dir_ / "plots";
  const std::vector<FileContent> bad = {{(out / "a.csv").string(), "a"},
                                        {(dir_ / "missing" / "b.csv").string(), "b"}};
  Status s = WriteFilesIntoFolders({out.string(), plots.string()}, bad);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("does not exist"), std::string::npos) << s.message();
  EXPECT_EQ(FilesIn(dir_), 0u) << "out/, out/run1/ and plots/ were made by the call: gone";
  // A folder that was there before stays, empty as it was.
  fs::create_directories(dir_ / "out");
  EXPECT_FALSE(WriteFilesIntoFolders({out.string()}, bad).ok());
  ASSERT_TRUE(fs::is_directory(dir_ / "out"));
  EXPECT_EQ(FilesIn(dir_ / "out"), 0u);
  EXPECT_EQ(FilesIn(dir_), 1u);
  // A folder that cannot be made: nothing made before it stays either.
  ASSERT_TRUE(WriteFileAtomically((dir_ / "file").string(), "x").ok());
  s = WriteFilesIntoFolders({plots.string(), (dir_ / "file" / "sub").string()}, {});
  EXPECT_FALSE(s.ok());
  // What stands in the way is named ("cannot create folder: Not a directory" said nothing
  // of the file, or of a FIFO given as --out).
  EXPECT_NE(s.message().find("cannot create folder: " + (dir_ / "file").string() +
                             " is a file, not a folder"),
            std::string::npos)
      << s.message();
  EXPECT_FALSE(fs::exists(plots));
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  s = WriteFilesIntoFolders({(dir_ / "fifo").string()}, {});
  EXPECT_NE(s.message().find("is a FIFO (named pipe), not a folder"), std::string::npos)
      << s.message();
  fs::remove(dir_ / "fifo");
  // A link to nothing on the way is named ("cannot create folder: File exists").
  fs::create_symlink(dir_ / "gone", dir_ / "dangling");
  s = WriteFilesIntoFolders({(dir_ / "dangling" / "sub").string()}, {});
  EXPECT_NE(s.message().find("cannot create folder: " + (dir_ / "dangling").string() +
                             " is a symbolic link to '" + (dir_ / "gone").string() +
                             "', which does not exist"),
            std::string::npos)
      << s.message();
  fs::remove(dir_ / "dangling");
  // Folders made on the way to one that cannot be made go too (a name too long at the end:
  // "new/sub/" stayed, since create_directories made them and then failed).
  s = WriteFilesIntoFolders({(dir_ / "new" / "sub" / std::string(300, 'b')).string()}, {});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot create folder: File name too long"), std::string::npos)
      << s.message();
  EXPECT_FALSE(fs::exists(dir_ / "new"));
  // A path through ".." is made as given (the folders of its normal form alone left
  // "x/../y" unreachable where x was missing: "does not exist"), and goes again on failure.
  const fs::path through = dir_ / "x" / ".." / "y";
  ASSERT_TRUE(WriteFilesIntoFolders({through.string()}, {{(through / "f.csv").string(), "f"}})
                  .ok());
  EXPECT_TRUE(fs::is_regular_file(dir_ / "y" / "f.csv"));
  fs::remove_all(dir_ / "x");
  fs::remove_all(dir_ / "y");
  EXPECT_FALSE(WriteFilesIntoFolders({through.string()},
                                     {{(through / "f.csv").string(), "f"},
                                      {(dir_ / "missing" / "g.csv").string(), "g"}})
                   .ok());
  EXPECT_FALSE(fs::exists(dir_ / "x"));
  EXPECT_FALSE(fs::exists(dir_ / "y"));
  // An output path ending in '/' names a folder, not a file.
  fs::create_directories(dir_ / "made");
  s = WriteFileAtomically((dir_ / "made").string() + "/", "x");
  EXPECT_NE(s.message().find("names a folder (it ends in '/'), where a file's name is needed"),
            std::string::npos)
      << s.message();
  fs::remove(dir_ / "made");
  // And the good case: folders made, every file written.
  ASSERT_TRUE(WriteFilesIntoFolders({out.string(), plots.string()},
                                    {{(out / "a.csv").string(), "a"},
                                     {(plots / "p.svg").string(), "p"}})
                  .ok());
  std::string back;
  ASSERT_TRUE(ReadFileToString((out / "a.csv").string(), &back).ok());
  EXPECT_EQ(back, "a");
  EXPECT_EQ(FilesIn(plots), 1u);
}

TEST_F(FileTest, ReadMissingFileIsNotFound) {
  std::string content;
  Status s = ReadFileToString((dir_ / "nope.net").string(), &content);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_NE(s.message().find("nope.net"), std::string::npos);
}

// A path is user text: its control characters are shown as \xNN in the Status, as the
// Diagnostic shows them. A raw NUL ended the message logged through c_str() at "a", and a
// newline split it in two.
TEST_F(FileTest, AControlCharacterInAPathIsShownEscaped) {
  std::string content;
  const std::string nul = (dir_ / std::string("a\0b", 3)).string();
  Status s = ReadFileToString(nul, &content);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_EQ(s.message().find('\0'), std::string::npos);
  EXPECT_EQ(s.message(),
            (dir_ / "a").string() + "\\x00b: no such file (a file name holds no NUL byte)");
  EXPECT_EQ(s.ToString(), "not found: " + s.message());
  // Where "a" exists, "a\0b" is still no file: the system, taking the name up to the NUL,
  // read and wrote "a".
  ASSERT_TRUE(WriteFileAtomically((dir_ / "a").string(), "kept").ok());
  EXPECT_EQ(ReadFileToString(nul, &content).code(), Status::Code::kNotFound);
  s = WriteFileAtomically(nul, "new");
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_NE(s.message().find("holds no NUL byte"), std::string::npos) << s.message();
  s = WriteFilesIntoFolders({(dir_ / std::string("d\0e", 3)).string()},
                            {{(dir_ / "x.csv").string(), "x"}});
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
  EXPECT_FALSE(fs::exists(dir_ / "d"));
  EXPECT_FALSE(fs::exists(dir_ / "x.csv"));
  ASSERT_TRUE(ReadFileToString((dir_ / "a").string(), &content).ok());
  EXPECT_EQ(content, "kept");
  const std::string newline = (dir_ / "no\nfolder" / "x.csv").string();
  s = WriteFileAtomically(newline, "x");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message().find('\n'), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("no\\x0Afolder"), std::string::npos) << s.message();
  // UTF-8 stays as it is.
  s = ReadFileToString((dir_ / "\xC3\x96l.net").string(), &content);
  EXPECT_NE(s.message().find("\xC3\x96l.net"), std::string::npos) << s.message();
}

TEST_F(FileTest, ReadDirectoryIsAnError) {
  std::string content;
  Status s = ReadFileToString(dir_.string(), &content);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("is a directory"), std::string::npos);
}

// Regression: `corridor check /dev/zero` read until memory ran out and aborted with an
// uncaught std::bad_alloc. Devices, FIFOs and sockets are refused before they are opened,
// saying what they are (an empty device such as /dev/null read as an empty file).
TEST_F(FileTest, ReadRefusesWhatIsNotARegularFile) {
  std::string content = "untouched";
  Status s = ReadFileToString("/dev/null", &content);
  EXPECT_EQ(s.code(), Status::Code::kIoError) << s.ToString();
  EXPECT_NE(s.message().find("/dev/null: is a character device"), std::string::npos)
      << s.message();
  s = ReadFileToString("/dev/zero", &content);
  EXPECT_NE(s.message().find("/dev/zero: is a character device"), std::string::npos)
      << s.message();
  // A FIFO with no writer would block the open for ever.
  const std::string fifo = (dir_ / "in.net").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  s = ReadFileToString(fifo, &content);
  EXPECT_NE(s.message().find(fifo + ": is a FIFO"), std::string::npos) << s.message();
  EXPECT_EQ(content, "untouched");
  // A link to a regular file is read as the file.
  ASSERT_TRUE(WriteFileAtomically((dir_ / "real.net").string(), "text").ok());
  fs::create_symlink("real.net", dir_ / "link.net");
  ASSERT_TRUE(ReadFileToString((dir_ / "link.net").string(), &content).ok());
  EXPECT_EQ(content, "text");
}

// Regression: an 8 GB (sparse) file made `check` allocate 8 GB and abort. A file over
// kMaxInputFileBytes is refused before anything is allocated; one at the limit is read.
TEST_F(FileTest, ReadRefusesFilesOverTheSizeLimit) {
  const fs::path big = dir_ / "big.net";
  { std::ofstream touch(big); }
  fs::resize_file(big, kMaxInputFileBytes + 1);  // sparse: takes no disk space
  std::string content = "untouched";
  Status s = ReadFileToString(big.string(), &content);
  EXPECT_EQ(s.code(), Status::Code::kIoError) << s.ToString();
  EXPECT_NE(s.message().find(big.string() + ": the file holds 1 GiB (1073741825 bytes), more "
                             "than the 1 GiB (1073741824 bytes) an input file may hold"),
            std::string::npos)
      << s.message();
  EXPECT_EQ(content, "untouched");
  // The largest real input (GasLib-4197.net, 3 MB) is far below the limit.
  EXPECT_GE(kMaxInputFileBytes, 300u * 3'075'316u);
}

// Regression: `convert ... -o link.json` replaced the symbolic link by a regular file and
// left the file it named unchanged. A link is written through, whether relative, into
// another folder, or dangling (the file it names is made); the link stays a link.
TEST_F(FileTest, WriteGoesThroughSymbolicLinks) {
  fs::create_directories(dir_ / "data");
  ASSERT_TRUE(WriteFileAtomically((dir_ / "data" / "case.json").string(), "old").ok());
  fs::create_symlink(fs::path("data") / "case.json", dir_ / "link.json");
  fs::create_symlink("link.json", dir_ / "link2.json");  // a chain of two
  fs::create_symlink(fs::path("data") / "new.json", dir_ / "dangling.json");
  ASSERT_TRUE(WriteFilesAtomically({{(dir_ / "link2.json").string(), "new"},
                                    {(dir_ / "dangling.json").string(), "made"}})
                  .ok());
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.json"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "link2.json"));
  EXPECT_TRUE(fs::is_symlink(dir_ / "dangling.json"));
  std::string back;
  ASSERT_TRUE(ReadFileToString((dir_ / "data" / "case.json").string(), &back).ok());
  EXPECT_EQ(back, "new");
  ASSERT_TRUE(ReadFileToString((dir_ / "data" / "new.json").string(), &back).ok());
  EXPECT_EQ(back, "made");
  EXPECT_EQ(FilesIn(dir_), 4u) << "data/ and three links; no temporary or backup";
  EXPECT_EQ(FilesIn(dir_ / "data"), 2u) << "no temporary or backup";
}

// An empty output path, or one inside a regular file, is said as what it is (they read
// ": cannot rename temporary file" and "folder 'afile' does not exist").
TEST_F(FileTest, EmptyPathsAndFilesAsFoldersAreNamed) {
  Status s = WriteFilesAtomically({{"", "x"}});
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("an output path is empty"), std::string::npos) << s.message();
  ASSERT_TRUE(WriteFileAtomically((dir_ / "afile").string(), "x").ok());
  s = WriteFilesAtomically({{(dir_ / "afile" / "x.json").string(), "{}"}});
  EXPECT_NE(s.message().find("is not a folder"), std::string::npos) << s.message();
}

// Regression (review): `convert --to gaslib -o case.net` with case.scn a link to case.net
// wrote the nomination over the network and reported both written. Two files of a set on
// one file, through a link or a path spelt otherwise, are refused before anything is written.
TEST_F(FileTest, WriteRefusesTwoFilesOfASetOnOneFile) {
  const std::string net = (dir_ / "case.net").string();
  ASSERT_TRUE(WriteFileAtomically(net, "old").ok());
  fs::create_symlink("case.net", dir_ / "case.scn");
  for (const std::string& other :
       {(dir_ / "case.scn").string(), (dir_ / "." / "case.net").string()}) {
    Status s = WriteFilesAtomically({{net, "network"}, {other, "nomination"}});
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << s.ToString();
    EXPECT_NE(s.message().find("are one file"), std::string::npos) << s.message();
    std::string back;
    ASSERT_TRUE(ReadFileToString(net, &back).ok());
    EXPECT_EQ(back, "old");
    EXPECT_EQ(FilesIn(dir_), 2u) << "no temporary may remain";
  }
}

// Regression: `-o fifo.json` replaced the FIFO by a regular file, and as root `-o /dev/full`
// did the same to the device node. What is not a regular file (nor a link to one) is
// refused, with its kind named, before anything of the set is written. (A FIFO stands in
// for the devices, which a test must not risk.)
TEST_F(FileTest, WriteRefusesWhatIsNotARegularFile) {
  const std::string a = (dir_ / "case.net").string(), fifo = (dir_ / "out.json").string();
  ASSERT_TRUE(WriteFileAtomically(a, "old").ok());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  fs::create_symlink("out.json", dir_ / "link.json");
  for (const std::string& target : {fifo, (dir_ / "link.json").string()}) {
    Status s = WriteFilesAtomically({{a, "new"}, {target, "{}"}});
    EXPECT_EQ(s.code(), Status::Code::kIoError);
    EXPECT_NE(s.message().find(target), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("is a FIFO (named pipe), not a regular file"), std::string::npos)
        << s.message();
    EXPECT_TRUE(fs::is_fifo(fifo));
    std::string back;
    ASSERT_TRUE(ReadFileToString(a, &back).ok());
    EXPECT_EQ(back, "old") << "nothing of the set is written";
    EXPECT_EQ(FilesIn(dir_), 3u) << "no temporary may remain";
  }
}

// Regression: a legal 255-byte output name failed ("cannot create temporary file: File
// name too long"): the temporary and backup names added a suffix to it. They now have a
// short fixed length.
TEST_F(FileTest, WriteTakesTheLongestLegalName) {
  const std::string name = std::string(250, 'n') + ".json";
  ASSERT_EQ(name.size(), 255u);
  const std::string path = (dir_ / name).string();
  Status s = WriteFileAtomically(path, "first");
  ASSERT_TRUE(s.ok()) << s.ToString();
  s = WriteFileAtomically(path, "second");  // replacing keeps a backup meanwhile
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::string back;
  ASSERT_TRUE(ReadFileToString(path, &back).ok());
  EXPECT_EQ(back, "second");
  EXPECT_EQ(FilesIn(dir_), 1u);
}

}  // namespace
}  // namespace corridor
