import Foundation
import IskraCore
import Testing
@testable import iskra

/// Loading a book through the cache, as every command and the explorer do: the key is the
/// hash of the bytes actually read, so a book replaced or rewritten while it is read is never
/// served what was derived from another text.
@Suite("Loading through the cache")
struct CachedLoadTests {
    static let register = try! PeopleRegister.parse(String(decoding: try! BookFile.readBytes(
        path: LoopJourneyTests.root + "/Content/leon-trotsky.people"), as: UTF8.self))
    static let bytes = try! BookFile.readBytes(path: LoopJourneyTests.bookPath)

    static func directory(_ name: String) throws -> String {
        let path = LoopJourneyTests.stateDirectory("cache-" + name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The book with "Kronstadt" made "Petrograd" (same length, another text).
    static let edited: [UInt8] = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "Kronstadt", with: "Petrograd").utf8)

    @Test func theSecondLoadReadsEveryPartFromTheCacheAndGivesTheSameBook() throws {
        let directory = try Self.directory("same")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        FileManager.default.createFile(atPath: path, contents: Data(Self.bytes))
        let first = try BookLoader.load(path: path, register: Self.register, cache: cache)
        let firstCached = try #require(first.cached)
        let (catalog, dates) = firstCached.catalogAndDates(for: first.book)
        _ = firstCached.searchIndex(for: first.book)
        #expect(firstCached.takeProblem() == nil)

        let second = try BookLoader.load(path: path, register: Self.register, cache: cache)
        let cached = try #require(second.cached)
        #expect(cached.cachedParts == ["search index", "people", "sources", "dates"])
        #expect(second.book.people.mentions == first.book.people.mentions)
        #expect(second.book.people.people.map(\.id) == first.book.people.people.map(\.id))
        let (again, againDates) = cached.catalogAndDates(for: second.book)
        #expect(again.entries == catalog.entries && again.links == catalog.links)
        #expect(againDates.dates == dates.dates)
        let index = cached.searchIndex(for: second.book)
        #expect(Array(index.search(SearchQuery("kronstadt"))) == Array(BookSearch(book: first.book).index.search(SearchQuery("kronstadt"))))
    }

    /// A large book's opening is shown while the rest loads, unless the reader left off
    /// somewhere: the cache keeps the state file's name, so that is known before the book is read.
    @Test func aReturningReaderIsNotShownTheOpeningFirst() throws {
        let directory = try Self.directory("returning")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let state = directory + "/state"
        let path = directory + "/large.txt"
        var large: [UInt8] = []
        while large.count < BookPreview.minimumBookBytes { large += Self.bytes + [0x0A, 0x0A] }
        FileManager.default.createFile(atPath: path, contents: Data(large))
        func loader(fresh: Bool = false) -> BookLoader { BookLoader(path: path, cache: cache, stateDirectory: state, fresh: fresh) }
        // Never opened: nothing known, the opening is shown.
        #expect(!loader().returnsToASavedPlace)
        let first = try BookLoader.load(path: path, register: Self.register, cache: cache)
        #expect(cache.stateHash(forBookAt: path, companions: companionPaths(ofBook: path)) == UInt64(first.identity.hash, radix: 16))
        // Opened, but no place saved yet.
        #expect(!loader().returnsToASavedPlace)
        let store = StateStore(identity: first.identity, directory: state)
        // Left at the very top: the book opens on its opening anyway.
        store.savePosition(StoredPlace(page: .chapter, index: 0, line: nil, offset: 0, linesBefore: 0))
        #expect(!loader().returnsToASavedPlace)
        store.savePosition(StoredPlace(page: .chapter, index: 12, line: 300, offset: 0, linesBefore: 0))
        #expect(loader().returnsToASavedPlace)
        // --fresh opens at the top: the opening is worth showing.
        #expect(!loader(fresh: true).returnsToASavedPlace)
        // The book changed: its place is not known until it is read.
        FileManager.default.createFile(atPath: path, contents: Data(large + Array("\nmore\n".utf8)))
        #expect(!loader().returnsToASavedPlace)
    }

    /// A register saved again while a book loads: what was found may come from either version,
    /// so nothing is stored, and the next load finds the new register's people.
    @Test func aRegisterChangedWhileTheBookLoadsIsNotCached() throws {
        let directory = try Self.directory("register")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        FileManager.default.createFile(atPath: path, contents: Data(Self.bytes))
        let registerPath = directory + "/book.people"
        let old = "person: leon-trotsky\nname: Leon Trotsky\naliases: Trotsky\n"
        let new = "person: vladimir-lenin\nname: Vladimir Lenin\naliases: Lenin\n"
        FileManager.default.createFile(atPath: registerPath, contents: Data(old.utf8))
        // The explorer's order: the hash of the companions, then the register read, then the
        // register saved again while the book is read and its people found.
        let before = BookCache.companionsHash(companionPaths(ofBook: path))
        let register = try PeopleRegister.parse(old)
        FileManager.default.createFile(atPath: registerPath, contents: Data(new.utf8))
        let loaded = try BookLoader.load(path: path, register: register, cache: cache, companionsHash: before)
        #expect(loaded.book.people.people.map(\.id) == ["leon-trotsky"])
        #expect(cache.entries().isEmpty)
        // Read again with the register now beside it: its own people, cached under its own key.
        let again = try BookLoader.load(path: path, register: try PeopleRegister.parse(new), cache: cache)
        #expect(again.book.people.people.map(\.id) == ["vladimir-lenin"] && again.cached?.cachedParts == [])
        let third = try BookLoader.load(path: path, register: try PeopleRegister.parse(new), cache: cache)
        #expect(third.cached?.cachedParts == ["people"] && third.book.people.people.map(\.id) == ["vladimir-lenin"])
    }

    @Test func aBookReplacedWhileItIsReadIsNotCached() throws {
        let directory = try Self.directory("replaced")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        FileManager.default.createFile(atPath: path, contents: Data(Self.bytes))
        // Another text renamed over the book once the reader has it open, before it reads.
        var replaced = false
        let parsed = try BookLoader.parse(path: path, cache: cache, progress: { _, _ in
            guard !replaced else { return }
            replaced = true
            FileManager.default.createFile(atPath: path + ".new", contents: Data(Self.edited))
            rename(path + ".new", path)
        })
        #expect(replaced)
        // The reader kept the file it opened (the old text), whose change time moved as it
        // lost its name: what was read is shown, and not cached.
        #expect(parsed.document == Parser.parse(bytes: Self.bytes, path: path))
        #expect(parsed.cached == nil)

        // The book now on disk is the other text: cached as itself, its people its own.
        let now = try BookLoader.load(path: path, register: Self.register, cache: cache)
        let nowCached = try #require(now.cached)
        #expect(nowCached.key.contentHash == ContentHasher.hash(Self.edited) && nowCached.cachedParts.isEmpty)
        #expect(now.book.document == Parser.parse(bytes: Self.edited, path: path))
        let again = try BookLoader.load(path: path, register: Self.register, cache: cache)
        #expect(again.cached?.cachedParts == ["people"])
        #expect(again.book.people.mentions == Book(document: now.book.document, register: Self.register).people.mentions)
    }

    @Test func aBookRewrittenInPlaceWhileItIsReadIsNotCached() throws {
        let directory = try Self.directory("rewritten")
        let cache = BookCache(directory: directory + "/cache", settleMarginNanoseconds: 0)
        let path = directory + "/book.txt"
        FileManager.default.createFile(atPath: path, contents: Data(Self.bytes))
        var rewritten = false
        let parsed = try BookLoader.parse(path: path, cache: cache, progress: { _, _ in
            guard !rewritten else { return }
            rewritten = true
            // The same inode and size, other bytes: only the change time may tell.
            let descriptor = open(path, O_WRONLY)
            _ = Self.edited.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
            close(descriptor)
        })
        #expect(rewritten)
        #expect(parsed.cached == nil)
        // Read again, settled: cached as the new text.
        let again = try BookLoader.parse(path: path, cache: cache, progress: { _, _ in })
        #expect(again.cached?.key.contentHash == ContentHasher.hash(Self.edited))
    }
}
