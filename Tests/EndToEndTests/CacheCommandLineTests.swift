import Foundation
import Synchronization
import Testing

/// `iskra search --count` through the cache, `iskra cache`, `--no-cache`, as a user runs them.
@Suite("Cache on the command line")
struct CacheCommandLineTests {
    static func cacheFiles(_ home: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: home + "/iskra")) ?? []).filter { $0.hasSuffix(".index") }
    }

    @Test func countsAreTheSameFromTheCacheAndWithout() throws {
        let home = try temporaryDirectory("cache-counts")
        let environment = ["XDG_CACHE_HOME": home]
        let first = try runIskra(["search", "kronst", "--count"], environment: environment)
        #expect(first.status == 0 && first.stdout == "28\n" && first.stderr.isEmpty)
        #expect(Self.cacheFiles(home).count == 1)
        for query in ["kronst", "lenin stalin", "in:sources trial", "-lenin kronstadt", "emigre", "t", "zzzz", "Lenin",
                      "\"permanent revolution\"", "in:sources -lenin"] {
            let cached = try runIskra(["search", query, "--count"], environment: environment)
            let uncached = try runIskra(["search", "--no-cache", query, "--count"], environment: environment)
            #expect(cached.stdout == uncached.stdout && cached.status == uncached.status && cached.stderr == uncached.stderr,
                    "\(query): \(cached) \(uncached)")
        }
        // --no-cache neither reads nor writes: a fresh directory stays empty.
        let untouched = try temporaryDirectory("cache-untouched")
        let bypassed = try runIskra(["search", "kronst", "--count", "--no-cache"], environment: ["XDG_CACHE_HOME": untouched])
        #expect(bypassed.stdout == "28\n")
        #expect(!FileManager.default.fileExists(atPath: untouched + "/iskra"))

        let listed = try runIskra(["cache", "--json"], environment: environment)
        #expect(listed.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let books = try #require(json["books"] as? [[String: Any]])
        #expect(books.count == 1)
        #expect(books.first?["name"] as? String == "leon-trotsky.txt")
        #expect(books.first?["bookBytes"] as? Int == 185_559)
        #expect(json["limit"] as? Int == 1 << 30)
        let plain = try runIskra(["cache"], environment: environment)
        #expect(plain.stdout.contains("1 book") && plain.stdout.contains("leon-trotsky.txt"))

        let cleared = try runIskra(["cache", "clear"], environment: environment)
        #expect(cleared.status == 0 && cleared.stdout.contains("removed 1 book"))
        #expect(Self.cacheFiles(home).isEmpty)
        #expect(try runIskra(["cache", "empty"], environment: environment).status == 64)
    }

    @Test func anEditedBookIsNeverAnsweredFromItsOldCache() throws {
        let home = try temporaryDirectory("cache-edit")
        let environment = ["XDG_CACHE_HOME": home]
        let book = home + "/book.txt"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Repo.book)))
        try Data(bytes).write(to: URL(fileURLWithPath: book))
        #expect(try runIskra(["search", "kronst", book, "--count"], environment: environment).stdout == "28\n")
        #expect(try runIskra(["search", "kronst", book, "--count"], environment: environment).stdout == "28\n")
        var before = stat()
        stat(book, &before)
        // One byte changed in place, the size and modification time put back.
        let index = try #require(bytes.indices.first { bytes[$0 ..< min(bytes.count, $0 + 9)].elementsEqual("Kronstadt".utf8) })
        bytes[index] = UInt8(ascii: "Q")
        let descriptor = open(book, O_WRONLY)
        #expect(pwrite(descriptor, [bytes[index]], 1, off_t(index)) == 1)
        close(descriptor)
        var times = [before.st_atim, before.st_mtim]
        #expect(utimensat(AT_FDCWD, book, &times, 0) == 0)
        #expect(try runIskra(["search", "kronst", book, "--count"], environment: environment).stdout == "27\n")
        #expect(try runIskra(["search", "kronst", book, "--count"], environment: environment).stdout == "27\n")
    }

    @Test func aCacheThatCannotBeWrittenCostsOnlyOneLine() throws {
        let home = try temporaryDirectory("cache-blocked")
        // A file where the cache directory's parent should be: nothing can be created there.
        FileManager.default.createFile(atPath: home + "/blocker", contents: Data("x".utf8))
        let result = try runIskra(["search", "kronst", "--count"], environment: ["XDG_CACHE_HOME": home + "/blocker"])
        #expect(result.status == 0 && result.stdout == "28\n")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines.first?.hasPrefix("iskra: cache: cannot") == true, "\(result.stderr)")
        let limited = try runIskra(["search", "kronst", "--count"], environment: ["XDG_CACHE_HOME": home, "ISKRA_CACHE_LIMIT": "1K"])
        #expect(limited.stdout == "28\n" && limited.stderr.contains("more than the cache limit (1 KB, ISKRA_CACHE_LIMIT); not cached"))
        // A limit of 0 keeps nothing, as asked, and says nothing.
        let none = try runIskra(["search", "kronst", "--count"], environment: ["XDG_CACHE_HOME": home, "ISKRA_CACHE_LIMIT": "0"])
        #expect(none.stdout == "28\n" && none.stderr.isEmpty)
        #expect(Self.cacheFiles(home).isEmpty)
    }

    @Test func processesBuildingAtOnceAllAnswerAndLeaveOneFile() throws {
        let home = try temporaryDirectory("cache-race")
        let environment = ["XDG_CACHE_HOME": home]
        let results = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let result = try? runIskra(["search", "lenin stalin", "--count"], environment: environment)
            results.withLock { $0.append((result?.stdout ?? "failed") + (result?.stderr ?? "")) }
        }
        #expect(results.withLock { $0 } == Array(repeating: "159\n", count: 4))
        let names = try FileManager.default.contentsOfDirectory(atPath: home + "/iskra")
        #expect(names.filter { $0.contains(".tmp-") }.isEmpty)
        #expect(Self.cacheFiles(home).count == 1)
        #expect(try runIskra(["search", "lenin stalin", "--count"], environment: environment).stdout == "159\n")
    }
}
