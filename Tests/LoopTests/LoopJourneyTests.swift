import Foundation
import IskraCore
import Testing
import TextUI
@testable import Explorer
@testable import iskra

/// The explorer's real event loop (`runExplorer`), with the real state file runtime, on the
/// in-memory terminal: journeys that need no real terminal run here in milliseconds.
@Suite("The event loop on an in-memory terminal")
struct LoopJourneyTests {
    static let root: String = {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        return components.joined(separator: "/")
    }()

    static func loadBook() throws -> (Book, BookIdentity) {
        let path = root + "/Content/leon-trotsky.txt"
        let register = try PeopleRegister.parse(String(decoding: try BookFile.readBytes(path: root + "/Content/leon-trotsky.people"),
                                                       as: UTF8.self))
        let loaded = try BookLoader.load(path: path, register: register)
        return (loaded.book, loaded.identity)
    }

    static func stateDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "iskra-loop-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    func keys(_ text: String) -> [InputEvent] { text.map { .key(.character($0)) } }

    func text(_ frame: ScreenBuffer?) -> String { frame?.snapshot() ?? "" }

    @Test func typedAheadSearchOpensAHitAndTheBookmarkOutlivesTheSession() throws {
        let (book, identity) = try Self.loadBook()
        // The index first: here the keys come faster than any hand, so Enter must not find
        // the search still indexing (that case has its own test).
        book.prepareSearch()
        let directory = Self.stateDirectory("journey")
        // Keys typed while the book loaded, then more once it is in.
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      bursts: [[.key(.enter)], [.key(.character("m"))], [.key(.enter)]])
        let persistence = StateRuntime(book: book, identity: identity, directory: directory)
        let (signal, problems) = runExplorer(session: terminal, book: book, persistence: persistence, fresh: true,
                                             typeahead: [.key(.character("/"))] + keys("\"suicide letter\""))
        #expect(signal == nil && problems.isEmpty)
        // Typed ahead, the search ran once the loop started; Enter opened source 19.
        #expect(text(terminal.lastFrame).contains("Source 19/44"))
        #expect(text(terminal.lastFrame).contains("Bookmark added"))
        // Typed ahead, the query arrived as one batch: no frame shows it half typed.
        #expect(!terminal.frames.contains { text($0).contains("/  \"s▏") })

        // A second session on the same state directory reopens there, with the bookmark.
        let again = MemoryTerminal(size: Size(width: 80, height: 24), bursts: [[.key(.character("'"))]])
        _ = runExplorer(session: again, book: book, persistence: StateRuntime(book: book, identity: identity, directory: directory),
                        fresh: false, typeahead: [])
        #expect(text(again.frames.first).contains("Source 19/44"))
        #expect(text(again.lastFrame).contains("Bookmarks 1"))
    }

    @Test func enterTypedWhileTheIndexIsBuiltOpensTheHitWhenItIsReady() throws {
        let (book, identity) = try Self.loadBook()
        #expect(!book.isSearchReady)
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40))
        _ = runExplorer(session: terminal, book: book,
                        persistence: StateRuntime(book: book, identity: identity, directory: Self.stateDirectory("late-index")),
                        fresh: true, typeahead: [.key(.character("/"))] + keys("\"suicide letter\"") + [.key(.enter)])
        // The index came after the keys, as an action through reduce, and Enter was honoured.
        #expect(text(terminal.lastFrame).contains("Source 19/44"))
    }

    @Test func aHeldLockDelaysTheSaveButNeverTheKeys() throws {
        let (book, identity) = try Self.loadBook()
        book.prepareSearch()
        let directory = Self.stateDirectory("held-lock")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Another program holds the state file's lock, and lets go a little later.
        let holder = open(directory + "/" + identity.fileName + ".lock", O_RDWR | O_CREAT, 0o600)
        #expect(holder >= 0 && flock(holder, LOCK_EX) == 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(700)) {
            flock(holder, LOCK_UN)
            close(holder)
        }
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      bursts: [[.key(.tab), .key(.character("m"))], [.key(.enter)], [.key(.character("j"))]])
        let (_, problems) = runExplorer(session: terminal, book: book,
                                        persistence: StateRuntime(book: book, identity: identity, directory: directory),
                                        fresh: true, typeahead: [])
        // Keys went on while the save waited; it was said, then done once the lock was free.
        #expect(terminal.frames.contains { text($0).contains("not saved yet, kept in memory") })
        #expect(text(terminal.lastFrame).contains("State file free again: saved"))
        #expect(problems.isEmpty)
        let saved = StateStore(identity: identity, directory: directory, readOnly: true)
        #expect(saved.bookmarks.count == 1)
    }

    @Test func resizesRedrawAtTheNewSizeAndKeepThePlace() throws {
        let (book, identity) = try Self.loadBook()
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      bursts: [[.key(.down), .key(.down), .key(.enter)], Array(repeating: .key(.character("j")), count: 12),
                                               [.resize(Size(width: 60, height: 15))], [.resize(Size(width: 20, height: 5))],
                                               [.resize(Size(width: 120, height: 40))]])
        _ = runExplorer(session: terminal, book: book,
                        persistence: StateRuntime(book: book, identity: identity, directory: Self.stateDirectory("resize")),
                        fresh: true, typeahead: [])
        let sizes = terminal.frames.map(\.size)
        #expect(sizes.contains(Size(width: 60, height: 15)) && sizes.contains(Size(width: 20, height: 5)))
        #expect(text(terminal.frames.first { $0.size == Size(width: 20, height: 5) }).contains("Terminal too"))
        // Back at 120x40, the same text at the top as before the resizes.
        let before = terminal.frames.last { $0.size == Size(width: 120, height: 40) && text($0).contains("Chapter 3/25") }
        #expect(text(terminal.lastFrame).components(separatedBy: "\n")[3] == text(before).components(separatedBy: "\n")[3])
    }
}
