#include "internal/crypto.h"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dchat::internal {
namespace {

bool IsLowerHex(const std::string& text) {
  return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Hashes with libsodium's minimum cost, which keeps the tests fast.
std::string FastHash(const std::string& password) {
  Result<std::string> hash =
      HashPassword(password, kPasswordOpsLimitMin, kPasswordMemLimitMin);
  EXPECT_TRUE(hash.ok()) << hash.status().ToString();
  return hash.ok() ? *hash : std::string();
}

TEST(CryptoTest, InitCryptoSucceedsRepeatedlyFromThreads) {
  std::vector<std::thread> threads;
  std::vector<Status> results(8);
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&results, i] { results[i] = InitCrypto(); });
  }
  for (std::thread& thread : threads) thread.join();

  for (const Status& status : results) {
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  EXPECT_TRUE(InitCrypto().ok());
}

TEST(CryptoTest, PasswordHashVerifiesOnlyItsPassword) {
  const std::string hash = FastHash("correct horse");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;

  EXPECT_TRUE(VerifyPassword(hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horsE"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horse "));
  EXPECT_FALSE(VerifyPassword(hash, ""));
}

TEST(CryptoTest, PasswordHashIsSaltedPerCall) {
  const std::string first = FastHash("same password");
  const std::string second = FastHash("same password");
  EXPECT_NE(first, second);
  EXPECT_TRUE(VerifyPassword(first, "same password"));
  EXPECT_TRUE(VerifyPassword(second, "same password"));
}

TEST(CryptoTest, PasswordWithNulBytesIsHashedWhole) {
  const std::string password("abc\0def", 7);
  const std::string hash = FastHash(password);
  EXPECT_TRUE(VerifyPassword(hash, password));
  EXPECT_FALSE(VerifyPassword(hash, "abc"));
}

TEST(CryptoTest, DefaultCostIsInteractive) {
  Result<std::string> hash = HashPassword("a password");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  // 64 MiB is m=65536 KiB; t is the number of passes.
  EXPECT_NE(hash->find("$m=65536,t=2,"), std::string::npos) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "a password"));
}

TEST(CryptoTest, MalformedHashDoesNotVerify) {
  EXPECT_FALSE(VerifyPassword("", "password"));
  EXPECT_FALSE(VerifyPassword("not a hash", "password"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=8,t=1,p=1$", "password"));
  EXPECT_FALSE(VerifyPassword(std::string(4096, '$'), "password"));

  // A valid hash with one character changed.
  std::string hash = FastHash("password");
  hash.back() = hash.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPassword(hash, "password"));
}

TEST(CryptoTest, RandomHexHasRequestedLengthAndVaries) {
  const std::string token = RandomHex(32);
  EXPECT_EQ(token.size(), 64u);
  EXPECT_TRUE(IsLowerHex(token)) << token;

  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) tokens.insert(RandomHex(16));
  EXPECT_EQ(tokens.size(), 100u);

  EXPECT_EQ(RandomHex(0), "");
}

TEST(CryptoTest, Sha256HexMatchesKnownDigests) {
  // The expected digests match the output of coreutils sha256sum.
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(
      Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(CryptoTest, ConstantTimeEqualComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEqual("", ""));
  EXPECT_TRUE(ConstantTimeEqual("token", "token"));
  EXPECT_FALSE(ConstantTimeEqual("token", "tokem"));
  EXPECT_FALSE(ConstantTimeEqual("token", "token2"));
  EXPECT_FALSE(ConstantTimeEqual("", "x"));
  EXPECT_TRUE(ConstantTimeEqual(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEqual(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace dchat::internal
