import ArgumentParser
import Dispatch
import Synchronization
import CursesBackend
import Explorer
import IskraCore
import TextUI
#if canImport(Glibc)
import Glibc
#endif

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

extension Iskra {
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
            abstract: "Open the explorer (the default command).",
            discussion: """
            Keys: ? shows them all. Mouse: click selects, the wheel scrolls. Mouse capture stops \
            your terminal's own text selection: --no-mouse keeps it. NO_COLOR in the environment \
            turns colours off, as --color never does.
            """)

        @OptionGroup var book: BookArgument
        var file: String? { book.file }

        @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (its own text selection works).")
        var noMouse = false

        @Option(help: "Colours: auto (the default; off when NO_COLOR is set), always or never.")
        var color: ColorChoice = .auto

        @Flag(help: "Start at the top instead of where you left off (bookmarks are kept).")
        var fresh = false

        @Flag(name: .customLong("no-clipboard"), help: "y shows the citation to select by hand instead of copying it (OSC 52).")
        var noClipboard = false

        /// For `iskra bench`: start as usual but draw the first frame to a headless terminal and exit.
        @Flag(name: .customLong("headless-first-frame"), help: .hidden)
        var headlessFirstFrame = false

        /// For `iskra bench`: as --headless-first-frame, until the whole book is drawn.
        @Flag(name: .customLong("headless-whole-book"), help: .hidden)
        var headlessWholeBook = false

        /// For `iskra bench`: until its index, sources and dates are in too.
        @Flag(name: .customLong("headless-every-part"), help: .hidden)
        var headlessEveryPart = false

        func run() throws {
            let headless: Milestone? = headlessEveryPart ? .everyPart : headlessWholeBook ? .wholeBook
                : headlessFirstFrame ? .firstFrame : nil
            var options = ExplorerOptions(file: file, noMouse: noMouse, color: color, fresh: fresh, headless: headless)
            options.noClipboard = noClipboard
            options.noCache = book.noCache
            openExplorer(options)
        }
    }
}

/// How the explorer ended.
enum ExplorerEnd: Equatable {
    /// By q, or by a signal (its number); with problems saving the state, to print once the
    /// terminal is restored.
    case quit(signal: Int32?, problems: [String])
    /// The book could not be loaded (a one-line message).
    case failed(String)
}

/// Loads the book in the background, telling `progress` how far it is (a fraction, or for a
/// pipe the bytes read so far).
/// `preview`: told of a large book's opening, to show while the rest loads.
typealias BookLoad = @Sendable (_ progress: @escaping @Sendable (Double, Int?) -> Void,
                                _ preview: @escaping @Sendable (Book) -> Void) -> Result<LoadedBook, BookFileError>

/// The event loop, from loading the book to quitting: draw the state, wait for input or a
/// job's result, reduce, carry out the effects. Input and what jobs report (loading progress,
/// the book, the search index, saves) reach the state only as actions through `reduce`.
/// `quietMilliseconds`: a book loaded within this shows no progress screen.
/// `after`: called once the frame of that milestone is drawn (the benchmark ends there).
func runExplorer(session: some Terminal, fileName: String, load: @escaping BookLoad, persistence: StateRuntime,
                 fresh: Bool, quietMilliseconds: Int = 40,
                 after: (milestone: Milestone, then: () -> Never)? = nil) -> ExplorerEnd {
    var state = ExplorerState(loadingFileNamed: fileName, size: session.size)
    let theme = Theme(capability: session.colorCapability)
    let jobs = Jobs()
    // The book's place in the cache, once it is loaded: the later jobs read their parts from it.
    let cached = Mutex<CachedBook?>(nil)
    /// A job's results, and the first reason a part could not be cached (said once).
    @Sendable func withCacheProblem(_ actions: [Action]) -> [Action] {
        guard let problem = cached.withLock({ $0 })?.takeProblem() else { return actions }
        return actions + [.notice(problem)]
    }
    jobs.startReporting { report in
        switch load({ fraction, pipeBytes in report([.loadProgress(fraction: fraction, pipeBytes: pipeBytes)]) },
                    { opening in report([.bookPreview(opening)]) }) {
        case .success(let loaded):
            cached.withLock { $0 = loaded.cached }
            // The sidecar's problems are said once in the status bar, as the state file's are.
            let problems = loaded.metadataProblems.map { StoredEvent.notice($0) }
            return [.bookLoaded(loaded.book, stored: persistence.open(identity: loaded.identity, fresh: fresh) + problems,
                                metadata: loaded.metadata)]
        case .failure(let error):
            return [.loadFailed(error.description)]
        }
    }
    jobs.start(after: .milliseconds(quietMilliseconds)) { [.loadingSlow] }

    func quit(signal: Int32?) -> ExplorerEnd {
        .quit(signal: signal, problems: state.book.map(persistence.finish) ?? [])
    }
    /// Carries out effects; the end, if one of them ends the explorer.
    func carry(_ effects: [Effect]) -> ExplorerEnd? {
        for effect in effects {
            switch effect {
            case .quit: return quit(signal: nil)
            case .fail(let message): return .failed(message)
            case .redrawAll: session.invalidate()
            case .store(let request): persistence.carry(request, jobs: jobs)
            case .buildSearchIndex:
                // The search line takes queries meanwhile and says it is indexing.
                guard let book = state.book?.book else { continue }
                let slot = cached.withLock { $0 }
                jobs.start {
                    withCacheProblem([.searchReady(BookSearch(book: book, index: slot.searchIndex(for: book)))])
                }
            case .copy(let text):
                // The answer is an action like any other: a notice, or the box to select from.
                if let end = carry(reduce(&state, .copied(session.copyToClipboard(text), text: text))) { return end }
            case .buildSourceCatalog:
                guard let book = state.book?.book else { continue }
                let slot = cached.withLock { $0 }
                jobs.start {
                    // The dates too: the sources' dates are read from their headers once.
                    let (catalog, dates) = slot.catalogAndDates(for: book)
                    return withCacheProblem([.sourcesReady(catalog), .datesReady(dates)])
                }
            }
        }
        return nil
    }

    var needsDraw = true
    var milestoneDrawn = false
    var mouseCaptured = true
    // Everything read and not yet reduced.
    var pending: [InputEvent] = []
    while true {
        if needsDraw && pending.isEmpty && state.hasFrame {
            var frame = ScreenBuffer(size: state.size)
            render(state, theme: theme, into: &frame)
            session.draw(frame)
            if state.wantsMouse != mouseCaptured {
                mouseCaptured = state.wantsMouse
                session.setMouseCapture(mouseCaptured)
            }
            needsDraw = false
            if let after, !milestoneDrawn && after.milestone.isReached(in: state) {
                milestoneDrawn = true
                after.then()
            }
        }
        if pending.isEmpty {
            // Input, or a job's result.
            let next = session.nextEvent(timeoutMilliseconds: -1, wake: jobs.wake)
            let results = jobs.take()
            if !results.isEmpty { needsDraw = true }
            for action in results {
                if let end = carry(reduce(&state, action)) { return end }
            }
            guard let next else {
                // Nothing typed (a job's result, or input of no use).
                if session.quitRequested { return quit(signal: session.quitSignal) }
                continue
            }
            pending.append(next)
            // Everything already waiting (a paste without bracketed paste, keys typed ahead of a
            // slow frame) is read before anything is searched or drawn.
            while pending.count < maxBatch, let more = session.nextEvent(timeoutMilliseconds: 0, wake: nil) { pending.append(more) }
        }
        let batch = pending
        pending.removeAll()
        needsDraw = true
        if let end = carry(reduce(&state, batch.count == 1 ? .input(batch[0]) : .inputs(batch))) { return end }
        if session.quitRequested { return quit(signal: session.quitSignal) }
    }
}

/// How far a start-up has come, for the benchmark's headless runs.
enum Milestone {
    /// The first frame of the book: its opening, for a large book.
    case firstFrame
    /// The whole book drawn.
    case wholeBook
    /// Its search index, sources and dates in too.
    case everyPart

    func isReached(in state: ExplorerState) -> Bool {
        switch self {
        case .firstFrame: state.showsBook
        case .wholeBook: state.book != nil
        case .everyPart: state.book?.hasEveryPart == true
        }
    }
}

/// At most this many waiting events are applied before a frame is drawn.
private let maxBatch = 4096

/// What `iskra [open] [FILE]` was asked for.
struct ExplorerOptions {
    var file: String?
    var noMouse = false
    var color: ColorChoice = .auto
    var fresh = false
    /// For `iskra bench`: draw to a headless terminal and exit once this is drawn.
    var headless: Milestone?
    var noClipboard = false
    var noCache = false

    /// The common start-ups (`iskra`, `iskra FILE`, with the plain flags) read straight from
    /// the arguments, sparing the first frame the cost of building the whole command tree;
    /// anything else goes through swift-argument-parser. Nil when this is not one of them.
    init?(fastPath arguments: [String], subcommands: Set<String>) {
        for argument in arguments {
            switch argument {
            case "--fresh": fresh = true
            case "--no-mouse": noMouse = true
            case "--headless-first-frame": headless = .firstFrame
            case "--headless-whole-book": headless = .wholeBook
            case "--headless-every-part": headless = .everyPart
            case "--no-clipboard": noClipboard = true
            case "--no-cache": noCache = true
            default:
                guard !argument.hasPrefix("-"), file == nil, !subcommands.contains(argument) else { return nil }
                file = argument
            }
        }
    }

    init(file: String?, noMouse: Bool, color: ColorChoice, fresh: Bool, headless: Milestone?) {
        self.file = file
        self.noMouse = noMouse
        self.color = color
        self.fresh = fresh
        self.headless = headless
    }
}

/// Opens the explorer: the path and register are checked before the terminal changes, the book
/// loads in the background, and the terminal is restored however the explorer ends.
func openExplorer(_ options: ExplorerOptions) {
    let path = options.file ?? BundledContent.bookPath
    // A bad path or register is reported at once, before the terminal changes; reading
    // and parsing happen in the background while the terminal shows progress.
    do { try BookFile.checkReadable(path: path) } catch { fail(error.description) }
    if options.headless == nil, let reason = TerminalSession.preflight() {
        fail("\(reason): the explorer needs a terminal. For text output try `iskra export`.", code: 2)
    }
    // The book is read and parsed on the other core while the register is read and its
    // matcher built here; then the terminal starts while the book is prepared.
    // A problem with the cache's settings is said before the terminal changes (it stays on
    // the screen after the explorer ends).
    let loader = BookLoader(path: path, cache: options.noCache ? nil : commandLineCache(),
                            stateDirectory: StateStore.defaultDirectory(), fresh: options.fresh)
    loader.start()
    loader.provide(people: loadRegisterOrFail(for: options.file).map(PreparedRegister.init))
    let noColorSet = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
    let colors = options.color == .always || (options.color == .auto && !noColorSet)
    let session: TerminalSession
    do {
        // The benchmark's start-up is the real one, drawn to a terminal that is not there.
        session = options.headless != nil ? try TerminalSession.headless(term: "xterm-256color", colors: true)
            : try TerminalSession(mouse: !options.noMouse, colors: colors)
    } catch {
        fail("\(error)", code: 2)
    }
    let headlessEnd: (milestone: Milestone, then: () -> Never)? = options.headless.map { milestone in
        (milestone, {
            // Tell the benchmark the frame is out (it times spawn to this line), and leave
            // without tearing the book down, which is not start-up work.
            _ = "drawn\n".utf8CString.withUnsafeBufferPointer { write(1, $0.baseAddress, 6) }
            session.end()
            exit(0)
        })
    }
    let name = path.split(separator: "/").last.map(String.init) ?? path
    session.clipboardAllowed = !options.noClipboard
    let file = options.file
    let end = runExplorer(session: session, fileName: name, load: { progress, preview in
        // The book, then its sidecar (a few lines), in the loading job.
        loader.wait(reporting: progress, showPreview: preview).map { loaded in
            var loaded = loaded
            let (metadata, path, problems) = loadMetadata(for: file, title: nil)
            loaded.metadata = metadata
            loaded.metadataProblems = problems.map { "\(path): \($0)" }
            return loaded
        }
    }, persistence: StateRuntime(), fresh: options.fresh, after: headlessEnd)
    session.end()
    let signal: Int32?
    switch end {
    case .failed(let message):
        fail(message)
    case .quit(let quitSignal, let problems):
        for problem in problems { printError("iskra: \(problem)") }
        signal = quitSignal
    }
    // Killed by a signal: exit the way a shell expects (128 + signal number).
    if let signal { Iskra.exit(withError: ExitCode(128 + signal)) }
}
