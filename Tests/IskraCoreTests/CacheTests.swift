import Foundation
import Synchronization
import FuzzSupport
import Testing
@testable import IskraCore

/// The book cache: keys, the mapped search index, staleness, damage, concurrency, limits.
@Suite("Book cache")
struct CacheTests {
    /// A fresh, empty directory for one test.
    static func directory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "iskra-cache-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ bytes: [UInt8], to path: String) {
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
    }

    /// A fresh directory with the bundled book in it as `book.txt`, its index cached.
    static func cachedBook(_ name: String) throws -> (directory: String, cache: BookCache, path: String, key: CacheKey) {
        let directory = try Self.directory(name)
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        Self.write(TestBook.bytes, to: path)
        try Self.build(cache, path)
        return (directory, cache, path, try #require(cache.key(forBookAt: path, companions: [])))
    }

    /// What `iskra search --count` does on a miss: read, parse, index, store. The index built.
    @discardableResult
    static func build(_ cache: BookCache, _ path: String) throws -> SearchIndex {
        let (bytes, stamp) = try BookFile.readBytesStamped(path: path)
        let index = SearchIndex(document: Parser.parse(bytes: bytes, path: path))
        let key = cache.key(forBytes: bytes, stamp: stamp, companions: [])
        #expect(cache.storeSearchIndex(index, key: key, bookName: "book.txt") == nil)
        return index
    }

    /// The count from the cache, nil on a miss (no file, damaged, or needing the text).
    static func cachedCount(_ cache: BookCache, _ path: String, _ query: String) -> Int? {
        guard let key = cache.key(forBookAt: path, companions: []), let index = cache.openSearchIndex(key) else { return nil }
        return index.count(SearchQuery(query))
    }

    /// The count with no cache at all.
    static func freshCount(_ path: String, _ query: String) throws -> Int {
        SearchIndex(document: try BookFile.load(path: path)).search(SearchQuery(query)).count
    }

    static let countableQueries = [
        "kronst", "kronstadt", "lenin", "lenin stalin", "stalin lenin", "t", "a", "the", "emigre", "emigres",
        "1905", "19", "in:sources trial", "in:chapters trial", "in:sources lenin trotsky", "-lenin kronstadt",
        "kronstadt -sailors", "trots trotsky", "lenin lenin", "zzzz", "kronstadt zzzz",
        "\"kronstadt\"", "revolution -\"lenin\"", "in:ch permanent revolution", "manoeuvre", "ö",
    ]

    @Test func xxhash64MatchesItsReferenceValues() {
        #expect(XXHash64.hash([]) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(XXHash64.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
    }

    @Test func contentHashIsTheSameWhateverThePiecesItIsFedIn() {
        var bytes: [UInt8] = []
        for i in 0 ..< (ContentHasher.blockSize * 2 + 12345) { bytes.append(UInt8(truncatingIfNeeded: i &* 31 &+ i >> 9)) }
        let whole = ContentHasher.hash(bytes)
        var pieces = ContentHasher()
        var start = 0
        for size in [1, 7, 4 << 20, 100, 3 << 20] where start < bytes.count {
            let end = min(bytes.count, start + size)
            pieces.add(Array(bytes[start ..< end]))
            start = end
        }
        pieces.add(Array(bytes[start...]))
        #expect(pieces.finish() == whole)
        bytes[ContentHasher.blockSize + 5] ^= 1
        #expect(ContentHasher.hash(bytes) != whole)
        #expect(ContentHasher.hash([]) != ContentHasher.hash([0]))
    }

    @Test func aCachedIndexCountsWhatTheFullIndexFinds() throws {
        let directory = try Self.directory("counts")
        let cache = BookCache(directory: directory)
        let path = directory + "/book.txt"
        // The bundled book and an accented sentence, so that folding is exercised.
        Self.write(TestBook.bytes + Array("\n\nÉmigrés in Paris: manœuvre, Öffentlichkeit.\n".utf8), to: path)
        let index = try Self.build(cache, path)
        #expect(Self.cachedCount(cache, path, "kronst") == 28)
        for query in Self.countableQueries {
            let parsed = SearchQuery(query)
            #expect(MappedSearchIndex.canCount(parsed), "\(query)")
            #expect(Self.cachedCount(cache, path, query) == index.search(parsed).count, "\(query)")
        }
        // What needs the text is left to the full index.
        for query in ["Kronstadt", "\"permanent revolution\"", "trotsky's", "(1)", "by:lenin", "1905-7", "-lenin", "in:sources -lenin", ""] {
            #expect(!MappedSearchIndex.canCount(SearchQuery(query)), "\(query)")
            #expect(Self.cachedCount(cache, path, query) == nil, "\(query)")
        }
    }

    /// The explorer's index made from the cache: the same arrays, and the same hits for every
    /// kind of query, those that read the text (case, phrases, accents) too.
    @Test func theFullIndexLoadedFromTheCacheFindsWhatTheBuiltOneFinds() throws {
        let directory = try Self.directory("full")
        let cache = BookCache(directory: directory)
        let path = directory + "/book.txt"
        Self.write(TestBook.bytes + Array("\n\nÉmigrés in Paris: manœuvre, Öffentlichkeit, ǅemal.\n".utf8), to: path)
        let built = try Self.build(cache, path)
        let document = try BookFile.load(path: path)
        let key = try #require(cache.key(forBookAt: path, companions: []))
        let file = try #require(cache.file(for: key))
        let loaded = try #require(SearchIndex(units: document.makeUnits(), chapterTitles: built.chapterTitles,
                                              sourceNumbers: built.sourceNumbers, cached: file))
        #expect(loaded.vocabulary == built.vocabulary && loaded.postings == built.postings)
        #expect(loaded.occurrenceStart == built.occurrenceStart && loaded.postingStart == built.postingStart)
        #expect(loaded.unitByteStart == built.unitByteStart && loaded.asciiUnits == built.asciiUnits)
        #expect(loaded.folds.values.count == built.folds.values.count)
        for query in Self.countableQueries + ["Kronstadt", "\"permanent revolution\"", "trotsky's", "(1)", "by:lenin",
                                              "1905-7", "-lenin", "emigres", "EMIGRÉS", "manoeuvre", "oeffentlich", "dzemal"] {
            let (a, b) = (loaded.search(SearchQuery(query)), built.search(SearchQuery(query)))
            #expect(Array(a) == Array(b) && a.groups == b.groups, "\(query)")
        }
        // Units that are not the ones cached (an edited book read with a stale file) are refused.
        var other = document.makeUnits()
        other[3].paragraph.text += " more"
        #expect(SearchIndex(units: other, chapterTitles: [:], sourceNumbers: [:], cached: file) == nil)
    }

    /// Postings whose checksums hold but whose contents do not (written wrong, or planted):
    /// refused before any search reads them unchecked.
    @Test func postingsThatDoNotHoldAreRefused() throws {
        let index = SearchIndex(document: TestBook.document)
        func holds(_ change: (inout [UInt8], inout [UInt32], inout [UInt32]) -> Void) -> Bool {
            var postings = index.postings
            var vocabularyStart = index.vocabularyStart.map { UInt32($0) }
            var occurrenceStart = index.occurrenceStart.map { UInt32($0) }
            change(&postings, &vocabularyStart, &occurrenceStart)
            let postingStart = index.postingStart.map { UInt64($0) }
            return index.vocabulary.withUnsafeBufferPointer { vocabulary in
                vocabularyStart.withUnsafeBufferPointer { vocabularyStart in
                    occurrenceStart.withUnsafeBufferPointer { occurrenceStart in
                        postingStart.withUnsafeBufferPointer { postingStart in
                            postings.withUnsafeBufferPointer { postings in
                                SearchIndex.postingsHold(vocabulary: vocabulary, vocabularyStart: vocabularyStart,
                                                         occurrenceStart: occurrenceStart, postingStart: postingStart,
                                                         postings: postings, textBytes: index.textBytes)
                            }
                        }
                    }
                }
            }
        }
        #expect(holds { _, _, _ in })
        // A varint running past its word's list (the last byte made a continuation).
        #expect(!holds { postings, _, _ in postings[postings.count - 1] |= 0x80 })
        // Counts that are not the postings'.
        #expect(!holds { _, _, occurrences in for i in 100 ..< occurrences.count { occurrences[i] -= 1 } })
        // A position past the text: the first word's first gap made huge.
        #expect(!holds { postings, _, _ in
            let first = index.postingStart[0]
            postings.replaceSubrange(first ..< first + 1, with: [0xFF, 0xFF, 0xFF, 0x7F])
        })
        // The vocabulary out of order: two words' starts swapped make them overlap wrongly.
        #expect(!holds { _, starts, _ in starts.swapAt(5, 6) })
    }

    /// Another part stored later keeps the index beside it, and the listing names both.
    @Test func partsStoredAtDifferentTimesShareTheFile() throws {
        let (_, cache, path, key) = try Self.cachedBook("parts")
        #expect(cache.store([CacheSection(id: CacheSectionID.people, bytes: [1, 2, 3])], key: key, bookName: "book.txt") == nil)
        let file = try #require(cache.file(for: key))
        #expect(file.section(CacheSectionID.people, width: 1).map(Array.init) == [1, 2, 3])
        #expect(Self.cachedCount(cache, path, "kronst") == 28)
        #expect(cache.entries().first?.parts == ["search index", "people"])
    }

    @Test func anEditedByteIsSeenWithTheSizeAndModificationTimeRestored() throws {
        let directory = try Self.directory("edit")
        let path = directory + "/book.txt"
        // Both ways a stamp can be: trusted at once (no margin), or too recent to trust.
        for margin: Int64 in [0, 2_000_000_000] {
            let cache = BookCache(directory: directory + "/cache-\(margin)", settleMarginNanoseconds: margin)
            Self.write(TestBook.bytes, to: path)
            try Self.build(cache, path)
            #expect(Self.cachedCount(cache, path, "kronst") == 28)
            let before = try #require(FileStamp.of(path: path))
            // File times advance by the kernel's clock tick: let one pass, so the edit is seen by
            // its change time and not only because the stamp was too recent.
            usleep(30_000)
            var bytes = TestBook.bytes
            let at = try #require(String(decoding: bytes, as: UTF8.self).utf8.firstRange(of: "Kronstadt".utf8)).lowerBound
            let offset = String(decoding: bytes, as: UTF8.self).utf8.distance(from: String(decoding: bytes, as: UTF8.self).utf8.startIndex, to: at)
            bytes[offset] = UInt8(ascii: "Q")
            let descriptor = open(path, O_WRONLY)
            #expect(pwrite(descriptor, [bytes[offset]], 1, off_t(offset)) == 1)
            close(descriptor)
            var times = [timespec(tv_sec: Int(before.modifiedSeconds), tv_nsec: Int(before.modifiedNanoseconds)),
                         timespec(tv_sec: Int(before.modifiedSeconds), tv_nsec: Int(before.modifiedNanoseconds))]
            #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
            let after = try #require(FileStamp.of(path: path))
            #expect(after.size == before.size && after.modifiedSeconds == before.modifiedSeconds
                    && after.modifiedNanoseconds == before.modifiedNanoseconds && after.inode == before.inode)
            #expect(Self.cachedCount(cache, path, "kronst") == nil)
            try Self.build(cache, path)
            #expect(Self.cachedCount(cache, path, "kronst") == 27)
            #expect(try Self.freshCount(path, "kronst") == 27)
        }
    }

    @Test func touchingTruncatingAndReplacingTheBook() throws {
        let (_, cache, path, key) = try Self.cachedBook("change")

        // Touched: the same content, so the same key, and the cache still serves it.
        usleep(30_000)
        #expect(utimensat(AT_FDCWD, path, nil, 0) == 0)
        #expect(cache.key(forBookAt: path, companions: []) == key)
        #expect(Self.cachedCount(cache, path, "kronst") == 28)

        // Truncated to its first half: another key, nothing cached for it until it is built.
        usleep(30_000)
        #expect(truncate(path, off_t(TestBook.bytes.count / 2)) == 0)
        #expect(cache.key(forBookAt: path, companions: []) != key)
        #expect(Self.cachedCount(cache, path, "kronst") == nil)
        try Self.build(cache, path)
        #expect(Self.cachedCount(cache, path, "kronst") == (try Self.freshCount(path, "kronst")))

        // Replaced by another file renamed over it (a new inode), then by the first text again.
        usleep(30_000)
        Self.write(Array("Kronstadt, Kronstadt and Kronstadt.\n".utf8), to: path + ".new")
        #expect(rename(path + ".new", path) == 0)
        #expect(Self.cachedCount(cache, path, "kronst") == nil)
        try Self.build(cache, path)
        #expect(Self.cachedCount(cache, path, "kronst") == 3)
        Self.write(TestBook.bytes, to: path + ".new")
        #expect(rename(path + ".new", path) == 0)
        #expect(cache.key(forBookAt: path, companions: []) == key)
        #expect(Self.cachedCount(cache, path, "kronst") == 28)
    }

    @Test func theRegisterAndSidecarAreInTheKey() throws {
        let directory = try Self.directory("companions")
        let cache = BookCache(directory: directory)
        let path = directory + "/book.txt"
        Self.write(TestBook.bytes, to: path)
        let none = try #require(cache.key(forBookAt: path, companions: [directory + "/book.people", directory + "/book.meta"]))
        Self.write(Array("title: A\n".utf8), to: directory + "/book.meta")
        let withSidecar = try #require(cache.key(forBookAt: path, companions: [directory + "/book.people", directory + "/book.meta"]))
        Self.write(Array("title: B\n".utf8), to: directory + "/book.meta")
        let edited = try #require(cache.key(forBookAt: path, companions: [directory + "/book.people", directory + "/book.meta"]))
        #expect(Set([none.value, withSidecar.value, edited.value]).count == 3)
        #expect(none.contentHash == edited.contentHash)
    }

    /// The section table of a cache file: (id, offset, length) of each section.
    static func sections(_ bytes: [UInt8]) -> [(id: UInt32, offset: Int, length: Int)] {
        func u32(_ at: Int) -> UInt32 { bytes[at ..< at + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        func u64(_ at: Int) -> Int { Int(bytes[at ..< at + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) }
        return (0 ..< Int(u32(48))).map { i in
            let entry = 64 + i * 32
            return (u32(entry), u64(entry + 8), u64(entry + 16))
        }
    }

    @Test func aDamagedCacheIsNeverUsedAndIsRebuilt() throws {
        let (_, cache, path, key) = try Self.cachedBook("damage")
        let cachePath = cache.directory + "/" + key.fileName
        let good = try #require(FileManager.default.contents(atPath: cachePath).map { [UInt8]($0) })
        let table = Self.sections(good)
        #expect(table.count == 8)

        // The book does not change here: its counts are worked out once.
        let index = SearchIndex(document: try BookFile.load(path: path))
        func fresh(_ query: String) -> Int { index.search(SearchQuery(query)).count }
        func damaged(_ change: (inout [UInt8]) -> Void, stillCounts query: String? = nil, refuses refused: String,
                     rebuild: Bool = false) throws {
            var bytes = good
            change(&bytes)
            Self.write(bytes, to: cachePath)
            if let query { #expect(Self.cachedCount(cache, path, query) == fresh(query)) }
            #expect(Self.cachedCount(cache, path, refused) == nil)
            // The next build writes a whole file again, over the damaged one (or, to keep the
            // test short, the good file is put back).
            if rebuild { try Self.build(cache, path) } else { Self.write(good, to: cachePath) }
            #expect(Self.cachedCount(cache, path, refused) == fresh(refused))
        }
        try damaged({ $0.removeLast() }, refuses: "kronst", rebuild: true)
        try damaged({ $0.removeLast($0.count - 100) }, refuses: "kronst", rebuild: true)
        try damaged({ $0.removeAll() }, refuses: "kronst", rebuild: true)
        try damaged({ $0 += [0] }, refuses: "kronst")
        // Every byte of the header and the section table is covered by its checksum.
        for offset in 0 ..< 64 + 32 * table.count {
            try damaged({ $0[offset] ^= 0x10 }, refuses: "kronst")
        }
        // A section is checked when a query first reads it: a single word's count does not
        // read the postings, two words do.
        for section in table where section.length > 0 && section.id != SearchIndexSection.name {
            try damaged({ $0[section.offset + section.length / 2] ^= 0x01 }, refuses: "lenin stalin")
        }
        let postings = try #require(table.first { $0.id == SearchIndexSection.postings })
        try damaged({ $0[postings.offset + 3] ^= 0x40 }, stillCounts: "kronst", refuses: "in:sources kronst", rebuild: true)
    }

    @Test func randomDamageAnywhereIsRefusedOrHarmless() throws {
        let directory = try Self.directory("random-damage")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        Self.write(TestBook.bytes, to: path)
        let index = try Self.build(cache, path)
        let key = try #require(cache.key(forBookAt: path, companions: []))
        let cachePath = cache.directory + "/" + key.fileName
        let good = try #require(FileManager.default.contents(atPath: cachePath).map { [UInt8]($0) })
        let queries = ["kronst", "lenin stalin", "in:sources trial", "-lenin kronstadt"]
        let expected = queries.map { index.search(SearchQuery($0)).count }
        var random = SplitMix64(seed: 17)
        for _ in 0 ..< 150 {
            var bytes = good
            for _ in 0 ... random.next() % 3 {
                bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: random.next() % 255 + 1)
            }
            if random.next() % 4 == 0 { bytes.removeLast(Int(random.next() % UInt64(bytes.count))) }
            Self.write(bytes, to: cachePath)
            // Either the cache is refused or its answer is the right one: a damaged byte in a
            // section a query does not read (the book's name) changes nothing it says.
            for (query, count) in zip(queries, expected) {
                if let cached = Self.cachedCount(cache, path, query) { #expect(cached == count, "\(query)") }
            }
        }
    }

    @Test func aFileOfAnotherKeyIsRefused() throws {
        let directory = try Self.directory("other-key")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt", other = directory + "/other.txt"
        Self.write(TestBook.bytes, to: path)
        Self.write(Array("Kronstadt.\n".utf8), to: other)
        try Self.build(cache, other)
        let key = try #require(cache.key(forBookAt: path, companions: []))
        let otherKey = try #require(cache.key(forBookAt: other, companions: []))
        #expect(rename(cache.directory + "/" + otherKey.fileName, cache.directory + "/" + key.fileName) == 0)
        #expect(Self.cachedCount(cache, path, "kronst") == nil)
    }

    @Test func aSettledStampIsTrustedAndADamagedOneIsNot() throws {
        let directory = try Self.directory("stamps")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        Self.write(TestBook.bytes, to: path)
        let key = try #require(cache.key(forBookAt: path, companions: []))
        let stamp = try #require(FileStamp.of(path: path))
        // The recorded hash is what the key is made of while the stamp holds: a line naming
        // another hash (with a valid check) shows the book is not hashed again.
        let stamps = cache.directory + "/stamps"
        Self.write(Array((BookCache.stampLine(stamp, 42) + "\n").utf8), to: stamps)
        #expect(cache.key(forBookAt: path, companions: [])?.contentHash == 42)
        // A line whose check does not match is ignored: the book is hashed.
        var line = Array(BookCache.stampLine(stamp, 42).utf8)
        line[0] = line[0] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        Self.write(line + [0x0A] + Array("garbage\n\n".utf8), to: stamps)
        #expect(cache.key(forBookAt: path, companions: []) == key)
        // A book changed within the margin is not recorded, so never trusted.
        let cautious = BookCache(directory: directory + "/cautious")
        _ = cautious.key(forBookAt: path, companions: [])
        #expect(cautious.recordedHash(for: stamp) == nil)
    }

    @Test func theListingNamesTheBook() throws {
        let directory = try Self.directory("name")
        let cache = BookCache(directory: directory, settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        Self.write(TestBook.bytes, to: path)
        try Self.build(cache, path)
        #expect(cache.entries().map(\.bookName) == ["book.txt"])
    }

    @Test func concurrentWritersLeaveOneWholeFile() throws {
        let directory = try Self.directory("concurrent")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        Self.write(TestBook.bytes, to: path)
        let (bytes, stamp) = try BookFile.readBytesStamped(path: path)
        let index = SearchIndex(document: Parser.parse(bytes: bytes, path: path))
        let key = cache.key(forBytes: bytes, stamp: stamp, companions: [])
        let failures = Mutex(0), wrongCounts = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            if i % 2 == 0 {
                if BookCache(directory: cache.directory).storeSearchIndex(index, key: key, bookName: "book.txt") != nil {
                    failures.withLock { $0 += 1 }
                }
            } else if let count = Self.cachedCount(cache, path, "lenin stalin"), count != index.search("lenin stalin").count {
                // A reader sees no file or a whole one, never a half-written one.
                wrongCounts.withLock { $0 += 1 }
            }
        }
        #expect(failures.withLock { $0 } == 0)
        #expect(wrongCounts.withLock { $0 } == 0)
        #expect(Self.cachedCount(cache, path, "lenin stalin") == index.search("lenin stalin").count)
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.directory).filter { !$0.hasPrefix("stamps") }
        #expect(names == [key.fileName])
    }

    @Test func aDirectoryThatCannotBeWrittenOnlyCostsSpeed() throws {
        let directory = try Self.directory("readonly")
        let path = directory + "/book.txt"
        Self.write(TestBook.bytes, to: path)
        // Root writes through permissions: then a directory under a file stands in for one that
        // cannot be written, and /sys (never writable) for an existing one, when present.
        var unwritable = [directory + "/book.txt/iskra"]
        if geteuid() != 0 {
            try FileManager.default.createDirectory(atPath: directory + "/ro", withIntermediateDirectories: true)
            chmod(directory + "/ro", 0o500)
            unwritable.append(directory + "/ro")
        } else if access("/sys", F_OK) == 0 {
            unwritable.append("/sys")
        }
        for place in unwritable {
            let cache = BookCache(directory: place, settleMarginNanoseconds: 0)
            let (bytes, stamp) = try BookFile.readBytesStamped(path: path)
            let index = SearchIndex(document: Parser.parse(bytes: bytes, path: path))
            let key = cache.key(forBytes: bytes, stamp: stamp, companions: [])
            let problem = try #require(cache.storeSearchIndex(index, key: key, bookName: "book.txt"))
            #expect(problem.hasPrefix("cache: cannot") && !problem.contains("\n"), "\(problem)")
            #expect(Self.cachedCount(cache, path, "kronst") == nil)
            #expect(cache.entries().isEmpty)
        }
        chmod(directory + "/ro", 0o700)
    }

    @Test func aDirectoryAnyoneMayWriteInIsNotTrusted() throws {
        let directory = try Self.directory("shared")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        Self.write(TestBook.bytes, to: path)
        try Self.build(cache, path)
        #expect(Self.cachedCount(cache, path, "kronst") == 28)
        chmod(cache.directory, 0o777)
        #expect(Self.cachedCount(cache, path, "kronst") == nil)
        let index = SearchIndex(document: TestBook.document)
        let key = try #require(cache.key(forBookAt: path, companions: []))
        #expect(cache.storeSearchIndex(index, key: key, bookName: "book.txt")?.contains("can be written by anyone") == true)
        // With the sticky bit, as /tmp has, only a file's owner can replace it.
        chmod(cache.directory, 0o1777)
        #expect(Self.cachedCount(cache, path, "kronst") == 28)
    }

    @Test func theLimitEvictsTheLeastRecentlyUsed() throws {
        let directory = try Self.directory("limit")
        let cacheDirectory = directory + "/cache"
        var keys: [CacheKey] = []
        var sizes: [Int] = []
        for (i, text) in ["Kronstadt one.\n", "Kronstadt two, Kronstadt.\n", "Kronstadt three.\n"].enumerated() {
            let path = directory + "/book\(i).txt"
            Self.write(Array(text.utf8), to: path)
            let cache = BookCache(directory: cacheDirectory, limitBytes: 1 << 20, settleMarginNanoseconds: 0)
            try Self.build(cache, path)
            let key = try #require(cache.key(forBookAt: path, companions: []))
            keys.append(key)
            sizes.append(Int(try FileManager.default.attributesOfItem(atPath: cacheDirectory + "/" + key.fileName)[.size] as! UInt64))
            // Used in order: book0 longest ago.
            var times = [timespec(tv_sec: 1_000_000 + i, tv_nsec: 0), timespec(tv_sec: 1_000_000 + i, tv_nsec: 0)]
            utimensat(AT_FDCWD, cacheDirectory + "/" + key.fileName, &times, 0)
        }
        #expect(BookCache(directory: cacheDirectory).entries().count == 3)
        // Room for two: writing book1 again evicts book0, the least recently used.
        let cache = BookCache(directory: cacheDirectory, limitBytes: sizes[1] + sizes[2] + 10, settleMarginNanoseconds: 0)
        try Self.build(cache, directory + "/book1.txt")
        let left = Set(cache.entries().map(\.fileName))
        #expect(left == [keys[1].fileName, keys[2].fileName])
        // An index larger than the whole limit is not written.
        let tiny = BookCache(directory: cacheDirectory, limitBytes: 100)
        let index = SearchIndex(document: TestBook.document)
        let problem = tiny.storeSearchIndex(index, key: CacheKey(contentHash: 1, bookSize: 2, companionsHash: 3), bookName: "big.txt")
        #expect(problem?.hasSuffix("big.txt's search index would take 179 KB, more than the cache limit (100 bytes, ISKRA_CACHE_LIMIT); not cached") == true,
                "\(problem ?? "")")
        #expect(cache.clear() == 2)
        #expect(cache.entries().isEmpty)
    }

    @Test func limitsAreReadAsSizes() {
        #expect(BookCache.parseLimit("0") == 0)
        #expect(BookCache.parseLimit("1048576") == 1 << 20)
        #expect(BookCache.parseLimit("500M") == 500 << 20)
        #expect(BookCache.parseLimit("2G") == 2 << 30)
        #expect(BookCache.parseLimit("2GiB") == 2 << 30)
        #expect(BookCache.parseLimit("64k") == 64 << 10)
        #expect(BookCache.parseLimit("12KB") == 12 << 10)
        #expect(BookCache.parseLimit("lots") == nil)
        #expect(BookCache.parseLimit("-5") == nil)
        #expect(BookCache.parseLimit("") == nil)
        #expect(BookCache.parseLimit("M") == nil)
    }

    @Test func theDirectoryFollowsXDG() {
        func directory(_ variables: [String: String]) -> String? { BookCache.defaultDirectory { variables[$0] } }
        #expect(directory(["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/iskra")
        #expect(directory(["XDG_CACHE_HOME": "relative", "HOME": "/h"]) == "/h/.cache/iskra")
        #expect(directory(["HOME": "/h"]) == "/h/.cache/iskra")
        #expect(directory([:]) == nil)
    }
}

