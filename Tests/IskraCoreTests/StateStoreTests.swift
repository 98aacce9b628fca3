import FuzzSupport
import Foundation
import Testing
@testable import IskraCore

/// The state file (position, bookmarks, search history) against the bundled book.
@Suite("State store")
struct StateStoreTests {
    static let identity = BookIdentity(bytes: TestBook.bytes, path: TestBook.path)
    static let units = TestBook.document.makeUnits()
    /// A fixed clock: 2025-03-01 14:05:09 UTC.
    static let fixedTime: Int64 = 1_740_837_909

    /// A fresh, empty directory for one test.
    static func directory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "iskra-state-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func files(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// A place on a real unit of the book: the first paragraph of chapter `chapter`.
    static func place(chapter: Int, offset: Int = 0) -> StoredPlace {
        let unit = units.first { $0.container == .chapter(chapter) && $0.kind == .paragraph }!
        return StoredPlace(page: .chapter, index: chapter, line: unit.line, offset: offset, linesBefore: 0)
    }

    @Test func identityIsAHashOfTheBytesWithAReadableName() {
        // FNV-1a 64 test vector.
        #expect(BookIdentity(bytes: Array("a".utf8), path: "x.txt").hash == "af63dc4c8601ec8c")
        #expect(Self.identity.name == "leon-trotsky")
        #expect(Self.identity.hash.count == 16)
        #expect(Self.identity.fileName == "leon-trotsky-\(Self.identity.hash).json")
        var edited = TestBook.bytes
        edited[edited.count - 1] ^= 1
        #expect(BookIdentity(bytes: edited, path: TestBook.path).hash != Self.identity.hash)
        #expect(BookIdentity(bytes: [], path: "/a/My Book (draft).v2.txt").name == "My-Book-draft-v2")
        #expect(BookIdentity(bytes: [], path: "/a/.txt").name == "txt")
    }

    @Test func roundTripKeepsPositionBookmarksAndSearches() throws {
        let directory = try Self.directory("round-trip")
        let store = StateStore(identity: Self.identity, directory: directory, clock: { Self.fixedTime })
        #expect(store.takeNotices().isEmpty)
        #expect(store.position == nil && store.bookmarks.isEmpty && store.searchHistory.isEmpty)

        let late = Self.place(chapter: 9, offset: 40)
        let early = Self.place(chapter: 2)
        let source = StoredPlace(page: .source, index: 15, line: TestBook.document.sources[15].line, offset: 3, linesBefore: 1)
        let top = StoredPlace(page: .chapter, index: 0, line: nil, offset: 0, linesBefore: 0)
        store.addBookmark(at: late, label: "Kronstadt \"quoted\" — ✓\nnext")
        store.addBookmark(at: source, label: "")
        store.addBookmark(at: early, label: "Bloody Sunday", created: Self.fixedTime - 60)
        store.recordSearch("Zasulitch")
        store.recordSearch("  Lev Davidovich  ")
        store.savePosition(top)
        store.savePosition(late)
        #expect(store.takeNotices().isEmpty)

        let reopened = StateStore(identity: Self.identity, directory: directory)
        #expect(reopened.takeNotices().isEmpty)
        #expect(reopened.position == late)
        // Book order, whatever the order they were made in.
        #expect(reopened.bookmarks.map(\.place) == [early, late, source])
        #expect(reopened.bookmarks.map(\.label) == ["Bloody Sunday", "Kronstadt \"quoted\" — ✓\nnext", ""])
        #expect(reopened.bookmarks.map(\.created) == [Self.fixedTime - 60, Self.fixedTime, Self.fixedTime])
        #expect(Set(reopened.bookmarks.map(\.id)).count == 3)
        #expect(reopened.bookmarks == store.bookmarks)
        #expect(reopened.searchHistory == ["Lev Davidovich", "Zasulitch"])

        // Human-readable: the file is indented JSON with ISO dates.
        let text = try String(contentsOfFile: directory + "/" + Self.identity.fileName, encoding: .utf8)
        #expect(text.hasPrefix("{\n  \"format\": \"iskra-state\",\n  \"version\": 2,"))
        #expect(text.contains("\"created\": \"2025-03-01T14:05:09Z\""))
        #expect(text.contains("\"name\": \"leon-trotsky\""))
    }

    @Test func deletingAndSearchHistoryLimits() throws {
        let directory = try Self.directory("history")
        let store = StateStore(identity: Self.identity, directory: directory, maxSearches: 3)
        for query in ["Lenin", "Stalin", "Lenin", "Kamenev", "Zinoviev", "", "   "] { store.recordSearch(query) }
        #expect(store.searchHistory == ["Zinoviev", "Kamenev", "Lenin"])
        let first = store.addBookmark(at: Self.place(chapter: 1), label: "one")
        store.addBookmark(at: Self.place(chapter: 3), label: "three")
        store.deleteBookmark(id: first.id)
        let reopened = StateStore(identity: Self.identity, directory: directory, maxSearches: 3)
        #expect(reopened.searchHistory == ["Zinoviev", "Kamenev", "Lenin"])
        #expect(reopened.bookmarks.map(\.label) == ["three"])
    }

    @Test func atomicWritesLeaveNoTemporaryFiles() throws {
        let directory = try Self.directory("atomic")
        let store = StateStore(identity: Self.identity, directory: directory)
        for chapter in 0..<20 { store.addBookmark(at: Self.place(chapter: chapter), label: "c\(chapter)") }
        #expect(Self.files(directory) == [Self.identity.fileName, Self.identity.fileName + ".lock"])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + Self.identity.fileName)))
        #expect(try JSON.parse(bytes: bytes)["bookmarks"]?.arrayValue?.count == 20)

        // A write that cannot be renamed into place (a non-empty directory is in the way)
        // fails, says why and removes its temporary file.
        let path = directory + "/" + Self.identity.fileName
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path + "/occupied", withIntermediateDirectories: true)
        let problem = store.writeAtomically("{}")
        #expect(problem?.hasPrefix("cannot replace \(path)") == true)
        #expect(Self.files(directory) == [Self.identity.fileName, Self.identity.fileName + ".lock"])
    }

    @Test(arguments: ["{\"format\": \"iskra-state\", \"version\": 1, \"bookm", "not json at all\n", "",
                      "{\"format\": \"something-else\", \"version\": 1}", "[1, 2, 3]"])
    func damagedFileIsMovedAsideReportedOnceAndNotOverwritten(content: String) throws {
        let directory = try Self.directory("corrupt")
        let path = directory + "/" + Self.identity.fileName
        try content.write(toFile: path, atomically: false, encoding: .utf8)
        let store = StateStore(identity: Self.identity, directory: directory, clock: { Self.fixedTime })
        let aside = Self.identity.fileName + ".corrupt-" + StateTime.compact(Self.fixedTime)
        #expect(aside.range(of: #"\.corrupt-\d{8}-\d{6}$"#, options: .regularExpression) != nil)
        #expect(store.takeNotices() == ["Damaged state file moved aside (.corrupt-\(StateTime.compact(Self.fixedTime)))"])
        #expect(store.canSave)
        #expect(Self.files(directory) == [Self.identity.fileName + ".lock", aside].sorted())
        #expect(try String(contentsOfFile: directory + "/" + aside, encoding: .utf8) == content)

        // Saving writes a new file beside it and reports nothing more.
        store.addBookmark(at: Self.place(chapter: 4), label: "after")
        #expect(store.takeNotices().isEmpty)
        #expect(try String(contentsOfFile: directory + "/" + aside, encoding: .utf8) == content)
        #expect(StateStore(identity: Self.identity, directory: directory).bookmarks.map(\.label) == ["after"])

        // A second damaged file in the same second gets a name of its own.
        try content.write(toFile: path, atomically: false, encoding: .utf8)
        let again = StateStore(identity: Self.identity, directory: directory, clock: { Self.fixedTime })
        #expect(again.takeNotices() == ["Damaged state file moved aside (.corrupt-\(StateTime.compact(Self.fixedTime))-2)"])
    }

    @Test func aFileFromANewerIskraIsLeftAlone() throws {
        let directory = try Self.directory("newer")
        let path = directory + "/" + Self.identity.fileName
        let content = "{\"format\": \"iskra-state\", \"version\": 7}"
        try content.write(toFile: path, atomically: false, encoding: .utf8)
        let store = StateStore(identity: Self.identity, directory: directory)
        #expect(store.takeNotices() == ["State file \(Self.identity.fileName) is from a newer iskra (version 7); state will not be saved"])
        #expect(!store.canSave)
        store.addBookmark(at: Self.place(chapter: 1), label: "kept in memory")
        #expect(store.bookmarks.count == 1)
        #expect(store.takeNotices().isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == content)
    }

    @Test func anUnusableDirectoryIsReportedOnceAndNothingIsWritten() throws {
        let parent = try Self.directory("unusable")
        // A regular file where a directory should be: fails for root too.
        try "x".write(toFile: parent + "/file", atomically: false, encoding: .utf8)
        let directory = parent + "/file/state/iskra"
        let store = StateStore(identity: Self.identity, directory: directory)
        #expect(store.takeNotices() == ["State will not be saved: cannot create \(directory) (not a directory)"])
        #expect(!store.canSave)
        let bookmark = store.addBookmark(at: Self.place(chapter: 2), label: "memory only")
        store.recordSearch("Trotsky")
        store.savePosition(bookmark.place)
        #expect(store.bookmarks == [bookmark])
        #expect(store.searchHistory == ["Trotsky"])
        #expect(store.position == bookmark.place)
        #expect(store.takeNotices().isEmpty)
        #expect(Self.files(parent) == ["file"])

        let none = StateStore(identity: Self.identity, directory: nil)
        #expect(none.takeNotices() == ["State will not be saved: no state directory (set XDG_STATE_HOME or HOME)"])
    }

    @Test func stateDirectoryFollowsXDG() {
        let env: ([String: String]) -> (String) -> String? = { values in { values[$0] } }
        #expect(StateStore.defaultDirectory(environment: env(["XDG_STATE_HOME": "/x/state/", "HOME": "/h"])) == "/x/state/iskra")
        #expect(StateStore.defaultDirectory(environment: env(["XDG_STATE_HOME": "relative", "HOME": "/h"])) == "/h/.local/state/iskra")
        #expect(StateStore.defaultDirectory(environment: env(["HOME": "/h"])) == "/h/.local/state/iskra")
        #expect(StateStore.defaultDirectory(environment: env([:])) == nil)
    }

    @Test func twoExplorersAddingAtOnceKeepEachOthersBookmarks() throws {
        let directory = try Self.directory("concurrent")
        let perStore = 25
        // Two stores in two threads, like two explorers: each loads, then saves one bookmark
        // at a time while the other does the same.
        DispatchQueue.concurrentPerform(iterations: 2) { which in
            let store = StateStore(identity: Self.identity, directory: directory)
            for i in 0..<perStore {
                store.addBookmark(at: Self.place(chapter: i % 25, offset: which), label: "store\(which)-\(i)")
            }
            // A save that found the other's lock held for long (a slow disk) left its bookmark
            // pending, as the explorer's retries would: save until nothing waits.
            while store.hasUnsavedChanges && store.canSave { store.save() }
        }
        let merged = StateStore(identity: Self.identity, directory: directory)
        #expect(merged.bookmarks.count == 2 * perStore)
        for which in 0..<2 {
            for i in 0..<perStore { #expect(merged.bookmarks.contains { $0.label == "store\(which)-\(i)" }) }
        }
        #expect(Self.files(directory) == [Self.identity.fileName, Self.identity.fileName + ".lock"])
    }

    @Test func aDeletionInOneExplorerAndAnAdditionInAnotherBothSurvive() throws {
        let directory = try Self.directory("merge")
        let a = StateStore(identity: Self.identity, directory: directory)
        let shared = a.addBookmark(at: Self.place(chapter: 1), label: "shared")
        let b = StateStore(identity: Self.identity, directory: directory)
        #expect(b.bookmarks == [shared])
        b.addBookmark(at: Self.place(chapter: 5), label: "from b")
        b.recordSearch("from b")
        // a has not seen b's bookmark; deleting its own must not drop b's.
        a.deleteBookmark(id: shared.id)
        #expect(a.bookmarks.map(\.label) == ["from b"])
        a.recordSearch("from a")
        // The last position saved wins.
        b.savePosition(Self.place(chapter: 5))
        a.savePosition(Self.place(chapter: 7))
        let c = StateStore(identity: Self.identity, directory: directory)
        #expect(c.bookmarks.map(\.label) == ["from b"])
        #expect(c.searchHistory == ["from a", "from b"])
        #expect(c.position == Self.place(chapter: 7))
        // b deleting the bookmark a already deleted is harmless.
        b.deleteBookmark(id: shared.id)
        #expect(StateStore(identity: Self.identity, directory: directory).bookmarks.map(\.label) == ["from b"])
    }

    @Test func readOnlyStoresNeverTouchTheDisk() throws {
        let parent = try Self.directory("read-only")
        let missing = parent + "/not-yet"
        let store = StateStore(identity: Self.identity, directory: missing, readOnly: true)
        #expect(store.takeNotices().isEmpty)
        #expect(store.bookmarks.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: missing))
        try "garbage".write(toFile: parent + "/" + Self.identity.fileName, atomically: false, encoding: .utf8)
        let reading = StateStore(identity: Self.identity, directory: parent, readOnly: true)
        #expect(reading.takeNotices() == ["State file \(Self.identity.fileName) cannot be read"])
        #expect(Self.files(parent) == [Self.identity.fileName])
    }

    @Test func damagedEntriesAreNotHalfRead() throws {
        let hash = Self.identity.hash
        func decode(_ text: String) -> Bool {
            guard let json = try? JSON.parse(text) else { return false }
            return (try? BookState.decode(json, book: Self.identity)) != nil
        }
        let good = #"{"format":"iskra-state","version":1,"book":{"hash":"\#(hash)","name":"x"},"position":null,"bookmarks":[],"searches":[]}"#
        #expect(decode(good))
        #expect(!decode(good.replacingOccurrences(of: hash, with: "0000000000000000")))
        // A bad bookmark is set aside, not the whole file.
        let withBad = try BookState.decode(JSON.parse(good.replacingOccurrences(of: #""bookmarks":[]"#, with: #""bookmarks":[{"id":"a"}]"#)),
                                           book: Self.identity)
        #expect(withBad.bookmarks.isEmpty && withBad.setAside == [.object([("id", .string("a"))])])
        #expect(!decode(good.replacingOccurrences(of: #""position":null"#, with: #""position":{"page":"chapter","index":-1,"line":1,"offset":0,"linesBefore":0}"#)))
        #expect(!decode(good.replacingOccurrences(of: #""searches":[]"#, with: #""searches":[1]"#)))
    }

    @Test func jsonReaderIsStrictAndReadsWhatTheWriterWrites() throws {
        let value = JSON.object([("s", .string("quote \" backslash \\ tab \t nl \n é œ … \u{1F600} \u{7}")),
                                 ("n", .int(-42)), ("d", .double(1.5)), ("b", .bool(true)), ("z", .null),
                                 ("a", .array([.int(0), .object([])]))])
        #expect(try JSON.parse(value.serialized()) == value)
        #expect(try JSON.parse(value.serialized(indent: 2)) == value)
        #expect(try JSON.parse(#""\ud83d\ude00 \u00e9""#) == .string("\u{1F600} é"))
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "01", "\"\\ud83d\"", "tru", "{} x", "\"a\nb\"", "1.", "[1 2]"] {
            #expect(throws: JSONParseError.self) { try JSON.parse(bad) }
        }
        #expect(throws: JSONParseError.self) { try JSON.parse(bytes: [0x22, 0xFF, 0x22]) }
    }

    /// Strings are written exactly, escaped where JSON or a terminal needs it: every control,
    /// DEL, the C1 controls and the line and paragraph separators, never a character beside them.
    @Test func jsonEscapesExactlyTheCharactersThatNeedIt() throws {
        let written = JSON.string("a\u{0}b\u{1F}\u{7F}\u{80}\u{9B}\u{9F}\u{A0}é\u{2027}\u{2028}\u{2029}\u{202A}\"\\\n\r\t😀").serialized()
        #expect(written == #""a\u0000b\u001f\u007f\u0080\u009b\u009f\#u{A0}é\#u{2027}\u2028\u2029\#u{202A}\"\\\n\r\t😀""#)
        // Random strings from a mix that puts escapes beside multi-byte characters: read back whole.
        var random = SplitMix64(seed: 11)
        let pieces = ["a", "\"", "\\", "\n", "\u{1}", "\u{7F}", "\u{85}", "\u{A0}", "é", "€", "\u{2028}", "\u{2029}", "😀", " "]
        for _ in 0 ..< 300 {
            let text = (0 ..< Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let value = JSON.array([.string(text), .object([(text, .int(1))])])
            #expect(try JSON.parse(value.serialized()) == value, "\(text.debugDescription)")
            #expect(!value.serialized().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 })
        }
    }

    /// Written in pieces (as `iskra export --json` prints a large book), the same bytes.
    @Test func jsonWrittenInPiecesIsTheSameText() {
        let value = JSON.object([("a", .array((0 ..< 500).map { .object([("n", .int($0)), ("s", .string("é\u{2028}\"\($0)"))]) })),
                                 ("b", .string("end"))])
        for indent in [nil, 2] as [Int?] {
            var pieces: [[UInt8]] = []
            value.write(indent: indent, piece: 100) { pieces.append($0) }
            #expect(pieces.count > 10)
            #expect(pieces.flatMap { $0 } == value.serializedBytes(indent: indent))
        }
    }

    @Test func timestampsRoundTrip() {
        #expect(StateTime.iso8601(Self.fixedTime) == "2025-03-01T14:05:09Z")
        #expect(StateTime.parse("2025-03-01T14:05:09Z") == Self.fixedTime)
        #expect(StateTime.parse("2025-13-01T14:05:09Z") == nil)
        #expect(StateTime.parse("2025-03-01 14:05:09") == nil)
        // Times that would be written back as another time are rejected when read.
        #expect(StateTime.parse("9999-12-31T23:59:60Z") == nil)
        #expect(StateTime.parse("2025-02-30T10:00:00Z") == nil)
        #expect(StateTime.parse("2024-02-29T10:00:00Z") != nil)
    }

    @Test func oneBadBookmarkIsSetAsideAndTheOthersKept() throws {
        let directory = try Self.directory("set-aside")
        let first = StateStore(identity: Self.identity, directory: directory, clock: { Self.fixedTime })
        first.addBookmark(at: Self.place(chapter: 1), label: "good")
        first.addBookmark(at: Self.place(chapter: 2), label: "leap second")
        let path = first.path!
        var text = try String(contentsOfFile: path, encoding: .utf8)
        // The second bookmark's time becomes one that cannot round-trip.
        let stamp = StateTime.iso8601(Self.fixedTime)
        let second = text.range(of: stamp, range: text.range(of: "leap second")!.upperBound..<text.endIndex)!
        text.replaceSubrange(second, with: "9999-12-31T23:59:60Z")
        try text.write(toFile: path, atomically: false, encoding: .utf8)

        let reopened = StateStore(identity: Self.identity, directory: directory, clock: { Self.fixedTime })
        #expect(reopened.bookmarks.map(\.label) == ["good"])
        #expect(reopened.takeNotices() == ["1 bookmark could not be read: kept aside in the state file"])
        #expect(!Self.files(directory).contains { $0.contains(".corrupt-") })
        // Saving keeps the entry it could not read, word for word.
        reopened.addBookmark(at: Self.place(chapter: 3), label: "new")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.contains("\"setAside\"") && saved.contains("9999-12-31T23:59:60Z") && saved.contains("leap second"))
        let again = StateStore(identity: Self.identity, directory: directory, clock: { Self.fixedTime })
        #expect(again.bookmarks.map(\.label) == ["good", "new"])
    }

    @Test func aLockHeldByAnotherProgramNeverBlocksAndChangesWaitInMemory() throws {
        let directory = try Self.directory("held-lock")
        let store = StateStore(identity: Self.identity, directory: directory, clock: { Self.fixedTime })
        store.addBookmark(at: Self.place(chapter: 1), label: "before")
        // Another program takes the lock (flock locks conflict between open files, even in
        // one process) and keeps it.
        let holder = open(store.lockPath!, O_RDWR)
        #expect(holder >= 0 && flock(holder, LOCK_EX | LOCK_NB) == 0)
        store.addBookmark(at: Self.place(chapter: 2), label: "while locked")
        #expect(store.waitingForLock && store.hasUnsavedChanges && store.canSave)
        #expect(store.takeNotices() == ["State file locked by another program: not saved yet, kept in memory"])
        #expect(store.bookmarks.map(\.label) == ["before", "while locked"])
        let onDisk = StateStore(identity: Self.identity, directory: directory, readOnly: true)
        #expect(onDisk.bookmarks.map(\.label) == ["before"])
        // Still held: a second try says nothing new.
        #expect(!store.save())
        #expect(store.takeNotices().isEmpty)
        // Released: the next try writes what waited.
        flock(holder, LOCK_UN)
        close(holder)
        #expect(store.save())
        #expect(!store.waitingForLock && !store.hasUnsavedChanges)
        #expect(store.takeNotices() == ["State file free again: saved"])
        let reread = StateStore(identity: Self.identity, directory: directory, readOnly: true)
        #expect(reread.bookmarks.map(\.label) == ["before", "while locked"])
    }

    @Test func theLockFileIsNeverOpenedThroughALink() throws {
        let directory = try Self.directory("lock-link")
        let store = StateStore(identity: Self.identity, directory: directory, clock: { Self.fixedTime })
        let target = directory + "/created-through-the-link"
        #expect(symlink(target, store.lockPath!) == 0)
        store.addBookmark(at: Self.place(chapter: 1), label: "x")
        #expect(access(target, F_OK) != 0)
        #expect(store.takeNotices().contains { $0.hasPrefix("State will not be saved: cannot open") })
    }

    @Test func aDirectoryOfAnotherUserIsRefused() throws {
        let directory = try Self.directory("other-owner")
        // Only root can give a directory away; CI runs as root.
        guard geteuid() == 0 else { return }
        #expect(chown(directory, 12345, 12345) == 0)
        let store = StateStore(identity: Self.identity, directory: directory, clock: { Self.fixedTime })
        #expect(store.takeNotices() == ["State will not be saved: \(directory) belongs to another user"])
        store.addBookmark(at: Self.place(chapter: 1), label: "x")
        #expect(Self.files(directory).isEmpty)
    }
}
