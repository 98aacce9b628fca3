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

    static let bookPath = root + "/Content/leon-trotsky.txt"

    /// The bundled book, loaded once for every test.
    static let loaded: LoadedBook = {
        let path = bookPath
        let register = try! PeopleRegister.parse(String(decoding: try! BookFile.readBytes(path: root + "/Content/leon-trotsky.people"),
                                                        as: UTF8.self))
        return try! BookLoader.load(path: path, register: register)
    }()

    /// Runs the explorer on `terminal` with the bundled book (handed over by the loading job
    /// at once) and the state file in `directory`.
    @discardableResult
    func run(_ terminal: MemoryTerminal, directory: String, fresh: Bool = true) -> ExplorerEnd {
        let loaded = Self.loaded
        return runExplorer(session: terminal, fileName: "leon-trotsky.txt", load: { _, _ in .success(loaded) },
                           persistence: StateRuntime(directory: directory), fresh: fresh,
                           // The book is handed over at once: a loaded machine must not reach the
                           // progress screen's delay first (its own test sets a short one).
                           quietMilliseconds: 1000)
    }

    static func stateDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "iskra-loop-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    func keys(_ text: String) -> [InputEvent] { text.map { .key(.character($0)) } }

    func text(_ frame: ScreenBuffer?) -> String { frame?.snapshot() ?? "" }

    @Test func keysTypedWhileLoadingSearchAndOpenAHitAndTheBookmarkOutlivesTheSession() throws {
        let directory = Self.stateDirectory("journey")
        // Keys typed while the book loaded, then more once it is in (and indexed).
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      typeahead: [.key(.character("/"))] + keys("\"suicide letter\""),
                                      bursts: [[.key(.enter)], [.key(.character("m"))], [.key(.enter)]])
        let end = run(terminal, directory: directory)
        #expect(end == .quit(signal: nil, problems: []))
        // Typed ahead, the search ran once the book was in; Enter opened source 19.
        #expect(text(terminal.lastFrame).contains("Source 19/44"))
        #expect(text(terminal.lastFrame).contains("Bookmark added"))
        // Typed ahead, the query arrived as one batch: no frame shows it half typed.
        #expect(!terminal.frames.contains { text($0).contains("/  \"s▏") })
        // The book was in at once: no progress screen was drawn.
        #expect(!terminal.frames.contains { text($0).contains("Loading") })

        // A second session on the same state directory reopens there, with the bookmark.
        let again = MemoryTerminal(size: Size(width: 80, height: 24), bursts: [[.key(.character("'"))]])
        run(again, directory: directory, fresh: false)
        #expect(text(again.frames.first).contains("Source 19/44"))
        #expect(text(again.lastFrame).contains("Bookmarks 1"))
    }

    @Test func theSourcesCatalogArrivesFromItsJobAndXFollowsAQuotation() throws {
        // The Sources list, once the background job's catalog is in; then the opening's first
        // paragraph, which quotes source 1, and x to it.
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      bursts: [[.key(.character("3"))], [.key(.character("1")), .key(.tab), .key(.character("x"))]])
        run(terminal, directory: Self.stateDirectory("catalog"))
        #expect(terminal.frames.contains { text($0).contains("12 Lenin: message") })
        #expect(text(terminal.lastFrame).contains("Source 1/44") && text(terminal.lastFrame).contains("quoted here"))
    }

    @Test func theDatesArriveWithTheCatalogAndAYearOpensFromTheTimeline() throws {
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      bursts: [[.key(.character("4"))], keys("1905"), [.key(.enter)]])
        run(terminal, directory: Self.stateDirectory("timeline"))
        #expect(terminal.frames.contains { text($0).contains("year 1905▏") })
        // Enter opened a passage of 1905, the Timeline still in the navigator.
        #expect(text(terminal.lastFrame).contains("Chapter 4/25") || text(terminal.lastFrame).contains("Chapter 3/25"))
        #expect(text(terminal.lastFrame).contains(" 1905 "))
    }

    @Test func yCopiesACitationOrShowsItWhereTheTerminalCannot() throws {
        // The opening's first paragraph, cited as a note; then as a Markdown quote.
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      bursts: [[.key(.tab)], [.key(.character("y"))], [.key(.character("Y")), .key(.character("Y"))],
                                               [.key(.character("y"))]])
        run(terminal, directory: Self.stateDirectory("cite"))
        #expect(terminal.clipboard.count == 2)
        #expect(terminal.clipboard.first == "Leon Trotsky, chap. 1, \u{B6} 1.")
        #expect(terminal.clipboard.last?.hasPrefix("> Lev Davidovich Bronshtein") == true)
        #expect(terminal.clipboard.last?.hasSuffix("\u{2014} *Leon Trotsky*, chap. 1, \u{B6} 1.") == true)
        #expect(terminal.frames.contains { text($0).contains("Copied (Chicago note): Leon Trotsky, chap. 1, \u{B6} 1.") })

        // A terminal that cannot take it: the citation in a box, to select by hand.
        // The mouse is the terminal's while the box is open, so its own selection works.
        let refusing = MemoryTerminal(size: Size(width: 100, height: 30),
                                      bursts: [[.key(.tab)], [.key(.character("y"))], [.key(.character("j"))]])
        refusing.clipboardWorks = false
        run(refusing, directory: Self.stateDirectory("cite-refused"))
        #expect(refusing.clipboard.isEmpty)
        #expect(refusing.frames.contains { text($0).contains("select the citation") && text($0).contains("chap. 1, \u{B6} 1.") })
        #expect(!text(refusing.lastFrame).contains("select the citation"))
        #expect(refusing.mouseCaptureChanges == [false, true])
    }

    @Test func theSidecarFromTheLoadingJobGivesCitationsTheirAuthorAndItsProblemsAreSaid() throws {
        var loaded = Self.loaded
        loaded.metadata = BookMetadata.parse("title: Leon Trotsky\nauthor: Jane Doe\n", fallbackTitle: nil).0
        loaded.metadataProblems = ["leon-trotsky.meta: line 3: unknown field \u{201C}edition\u{201D}"]
        let book = loaded
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40), bursts: [[.key(.tab)], [.key(.character("y"))]])
        _ = runExplorer(session: terminal, fileName: "leon-trotsky.txt", load: { _, _ in .success(book) },
                        persistence: StateRuntime(directory: Self.stateDirectory("sidecar")), fresh: true)
        #expect(terminal.frames.contains { text($0).contains("unknown field \u{201C}edition\u{201D}") })
        #expect(terminal.clipboard == ["Jane Doe, Leon Trotsky, chap. 1, \u{B6} 1."])
    }

    @Test func enterTypedWhileTheIndexIsBuiltOpensTheHitWhenItIsReady() throws {
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      typeahead: [.key(.character("/"))] + keys("\"suicide letter\"") + [.key(.enter)])
        run(terminal, directory: Self.stateDirectory("late-index"))
        // The index came after the keys, as an action through reduce, and Enter was honoured.
        #expect(terminal.frames.contains { text($0).contains("Still indexing") })
        #expect(text(terminal.lastFrame).contains("Source 19/44"))
    }

    @Test func aSlowBookShowsItsProgressTakesTypeaheadAndQuitsOnQ() throws {
        let loaded = Self.loaded
        // A book that takes a while, reporting as it goes; keys typed meanwhile.
        let slow: BookLoad = { progress, _ in
            for step in 1...4 {
                progress(Double(step) / 5, nil)
                usleep(150_000) // long beside the 10 ms quiet time, even on a loaded machine
            }
            return .success(loaded)
        }
        let terminal = MemoryTerminal(size: Size(width: 80, height: 24), typeahead: [.key(.character("2"))],
                                      bursts: [[.resize(Size(width: 60, height: 15))]], waitsForJobs: false)
        _ = runExplorer(session: terminal, fileName: "slow.txt", load: slow,
                        persistence: StateRuntime(directory: Self.stateDirectory("slow")), fresh: true, quietMilliseconds: 10)
        let loading = terminal.frames.filter { text($0).contains("Loading slow.txt") }
        #expect(!loading.isEmpty)
        #expect(loading.contains { text($0).contains("80%") })
        // The resize while loading: the book opened at the new size, on the list typed ahead.
        #expect(terminal.lastFrame?.size == Size(width: 60, height: 15))
        #expect(text(terminal.lastFrame).contains("People"))

        // q before anything else quits while loading, and nothing is saved.
        let quitting = MemoryTerminal(size: Size(width: 80, height: 24), typeahead: [.key(.character("q"))])
        let neverLoads: BookLoad = { _, _ in usleep(200_000); return .failure(BookFileError(path: "x", reason: "never")) }
        let end = runExplorer(session: quitting, fileName: "big.txt", load: neverLoads,
                              persistence: StateRuntime(directory: Self.stateDirectory("quit-loading")), fresh: true)
        #expect(end == .quit(signal: nil, problems: []))
    }

    @Test func aLargeBooksOpeningIsShownWhileTheRestLoadsAndKeysWaitForIt() throws {
        let loaded = Self.loaded
        // The opening is the book's first chapters alone, as `BookPreview` makes it.
        let bytes = try BookFile.readBytes(path: Self.bookPath)
        var large: [UInt8] = []
        while large.count < BookPreview.openingBytes { large += bytes + [0x0A, 0x0A] }
        let opening = try #require(BookPreview.make(opening: Array(large.prefix(BookPreview.openingBytes)), path: Self.bookPath, people: nil))
        let load: BookLoad = { progress, preview in
            preview(opening)
            for step in 1...3 {
                progress(Double(step) / 5, nil)
                usleep(150_000)
            }
            return .success(loaded)
        }
        // "2" typed while the opening shows: it waits, then opens the People list of the whole book.
        let terminal = MemoryTerminal(size: Size(width: 80, height: 24), typeahead: [.key(.character("2"))], waitsForJobs: false)
        _ = runExplorer(session: terminal, fileName: "large.txt", load: load,
                        persistence: StateRuntime(directory: Self.stateDirectory("preview")), fresh: true, quietMilliseconds: 1000)
        let previews = terminal.frames.filter { text($0).contains("Loading the rest") }
        #expect(previews.contains { text($0).contains("Loading the rest… 40%; 1 key waits") })
        // The opening is the book's text, drawn as the reader draws it, and never the progress screen.
        // Its counts are not the book's: none is given.
        #expect(previews.allSatisfy { !text($0).contains("CHAPTER 1 OF") && text($0).contains("Chapter 1 · Top") })
        #expect(!terminal.frames.contains { text($0).contains("Loading large.txt") })
        #expect(text(terminal.lastFrame).contains("People") && !text(terminal.lastFrame).contains("Loading the rest"))
    }

    @Test func aBookThatCannotBeReadEndsWithItsMessage() throws {
        let terminal = MemoryTerminal(size: Size(width: 80, height: 24))
        let end = runExplorer(session: terminal, fileName: "gone.txt",
                              load: { _, _ in .failure(BookFileError(path: "gone.txt", reason: "no such file")) },
                              persistence: StateRuntime(directory: Self.stateDirectory("failed")), fresh: true)
        guard case .failed(let message) = end else { Issue.record("ended \(end)"); return }
        #expect(message.contains("gone.txt") && message.contains("no such file"))
    }

    @Test func aHeldLockDelaysTheSaveButNeverTheKeys() throws {
        let identity = Self.loaded.identity
        let directory = Self.stateDirectory("held-lock")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Another program holds the state file's lock, and lets go a little later.
        let holder = open(directory + "/" + identity.fileName + ".lock", O_RDWR | O_CREAT, 0o600)
        #expect(holder >= 0 && flock(holder, LOCK_EX) == 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(700)) {
            flock(holder, LOCK_UN)
            close(holder)
        }
        // Keys go on while the save waits: the terminal hands them out without waiting for jobs.
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      bursts: [[.key(.tab), .key(.character("m"))], [.key(.enter)], [.key(.character("j"))]],
                                      waitsForJobs: false)
        let end = run(terminal, directory: directory)
        // Keys went on while the save waited; it was said, then done once the lock was free.
        #expect(terminal.frames.contains { text($0).contains("not saved yet, kept in memory") })
        #expect(text(terminal.lastFrame).contains("State file free again: saved"))
        #expect(end == .quit(signal: nil, problems: []))
        let saved = StateStore(identity: identity, directory: directory, readOnly: true)
        #expect(saved.bookmarks.count == 1)
    }

    @Test func resizesRedrawAtTheNewSizeAndKeepThePlace() throws {
        let terminal = MemoryTerminal(size: Size(width: 120, height: 40),
                                      bursts: [[.key(.down), .key(.down), .key(.enter)], Array(repeating: .key(.character("j")), count: 12),
                                               [.resize(Size(width: 60, height: 15))], [.resize(Size(width: 20, height: 5))],
                                               [.resize(Size(width: 120, height: 40))]])
        run(terminal, directory: Self.stateDirectory("resize"))
        let sizes = terminal.frames.map(\.size)
        #expect(sizes.contains(Size(width: 60, height: 15)) && sizes.contains(Size(width: 20, height: 5)))
        #expect(text(terminal.frames.first { $0.size == Size(width: 20, height: 5) }).contains("Terminal too"))
        // Back at 120x40, the same text at the top as before the resizes.
        let before = terminal.frames.last { $0.size == Size(width: 120, height: 40) && text($0).contains("Chapter 3/25") }
        #expect(text(terminal.lastFrame).components(separatedBy: "\n")[3] == text(before).components(separatedBy: "\n")[3])
    }
}
