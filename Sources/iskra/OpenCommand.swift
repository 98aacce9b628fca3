import ArgumentParser
import Dispatch
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

        /// For `iskra bench`: start as usual but draw the first frame to a headless terminal and exit.
        @Flag(name: .customLong("headless-first-frame"), help: .hidden)
        var headlessFirstFrame = false

        func run() throws {
            openExplorer(ExplorerOptions(file: file, noMouse: noMouse, color: color, fresh: fresh,
                                         headlessFirstFrame: headlessFirstFrame))
        }
    }
}

/// The event loop: draw the state, wait for input, reduce, carry out effects. Returns the quit
/// signal, if a signal ended it, and problems saving the position at the end.
/// `afterFirstFrame`: called once the first frame is drawn (the benchmark ends there).
func runExplorer(session: some Terminal, book: Book, persistence: StateRuntime, fresh: Bool,
                 typeahead: [InputEvent], afterFirstFrame: (() -> Never)? = nil) -> (Int32?, [String]) {
    var state = AppState(book: book, size: session.size)
    persistence.start(&state, fresh: fresh)
    // Said once: a UTF-16 book was decoded, or some bytes were not UTF-8 (shown as U+FFFD).
    if let notice = book.document.decodingNotice { _ = reduce(&state, .notice(notice)) }
    let theme = Theme(capability: session.colorCapability)
    // Background work (the search index) runs as jobs whose results come back as actions.
    let jobs = Jobs()
    var started = false
    var needsDraw = true
    // Keys typed while the book loaded are applied together, as one batch.
    var pending: [InputEvent] = typeahead
    while true {
        if needsDraw && pending.isEmpty {
            var frame = ScreenBuffer(size: state.size)
            render(state, theme: theme, into: &frame)
            session.draw(frame)
            needsDraw = false
            afterFirstFrame?()
        }
        if !started {
            started = true
            // Search waits for nothing: the index is built while the reader reads the first
            // screen, and until it is in, the search line takes queries and says it is indexing.
            if !book.isSearchReady {
                _ = reduce(&state, .searchIndexing)
                jobs.start {
                    book.prepareSearch()
                    return [.searchReady]
                }
            }
        }
        if pending.isEmpty {
            // Input, or a finished job.
            let next = session.nextEvent(timeoutMilliseconds: -1, wake: jobs.wake)
            let results = jobs.take()
            for action in results { _ = reduce(&state, action) }
            if !results.isEmpty { needsDraw = true }
            guard let next else {
                // Nothing typed (a job's result, or input of no use).
                if session.quitRequested { return (session.quitSignal, persistence.finish(state)) }
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
        for effect in reduce(&state, batch.count == 1 ? .input(batch[0]) : .inputs(batch)) {
            switch effect {
            case .quit: return (nil, persistence.finish(state))
            case .redrawAll: session.invalidate()
            case .store(let request): persistence.carry(request, jobs: jobs)
            }
        }
        if session.quitRequested { return (session.quitSignal, persistence.finish(state)) }
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
    var headlessFirstFrame = false

    /// The common start-ups (`iskra`, `iskra FILE`, with the plain flags) read straight from
    /// the arguments, sparing the first frame the cost of building the whole command tree;
    /// anything else goes through swift-argument-parser. Nil when this is not one of them.
    init?(fastPath arguments: [String], subcommands: Set<String>) {
        for argument in arguments {
            switch argument {
            case "--fresh": fresh = true
            case "--no-mouse": noMouse = true
            case "--headless-first-frame": headlessFirstFrame = true
            default:
                guard !argument.hasPrefix("-"), file == nil, !subcommands.contains(argument) else { return nil }
                file = argument
            }
        }
    }

    init(file: String?, noMouse: Bool, color: ColorChoice, fresh: Bool, headlessFirstFrame: Bool) {
        self.file = file
        self.noMouse = noMouse
        self.color = color
        self.fresh = fresh
        self.headlessFirstFrame = headlessFirstFrame
    }
}

/// Opens the explorer: the path and register are checked before the terminal changes, the book
/// loads in the background, and the terminal is restored however the explorer ends.
func openExplorer(_ options: ExplorerOptions) {
    let path = options.file ?? BundledContent.bookPath
    // A bad path or register is reported at once, before the terminal changes; reading
    // and parsing happen in the background while the terminal shows progress.
    do { try BookFile.checkReadable(path: path) } catch { fail(error.description) }
    if !options.headlessFirstFrame, let reason = TerminalSession.preflight() {
        fail("\(reason): the explorer needs a terminal. For text output try `iskra export`.", code: 2)
    }
    // The book is read and parsed on the other core while the register is read and its
    // matcher built here; then the terminal starts while the book is prepared.
    let loader = BookLoader(path: path)
    loader.start()
    loader.provide(people: loadRegisterOrFail(for: options.file).map(PreparedRegister.init))
    let noColorSet = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
    let colors = options.color == .always || (options.color == .auto && !noColorSet)
    let session: TerminalSession
    do {
        // The benchmark's start-up is the real one, drawn to a terminal that is not there.
        session = options.headlessFirstFrame ? try TerminalSession.headless(term: "xterm-256color", colors: true)
            : try TerminalSession(mouse: !options.noMouse, colors: colors)
    } catch {
        fail("\(error)", code: 2)
    }
    let firstFrameDrawn: (() -> Never)? = !options.headlessFirstFrame ? nil : {
        // Tell the benchmark the frame is out (it times spawn to this line), and leave without
        // tearing the book down, which is not start-up work.
        _ = "drawn\n".utf8CString.withUnsafeBufferPointer { write(1, $0.baseAddress, 6) }
        session.end()
        exit(0)
    }
    let signal: Int32?
    var problems: [String] = []
    switch waitForBook(loader, session: session) {
    case .loaded(let book, let identity, let typeahead):
        let persistence = StateRuntime(book: book, identity: identity)
        (signal, problems) = runExplorer(session: session, book: book, persistence: persistence, fresh: options.fresh,
                                         typeahead: typeahead, afterFirstFrame: firstFrameDrawn)
    case .quit(let quitSignal):
        signal = quitSignal
    case .failed(let error):
        session.end()
        fail(error.description)
    }
    session.end()
    for problem in problems { printError("iskra: \(problem)") }
    // Killed by a signal: exit the way a shell expects (128 + signal number).
    if let signal { Iskra.exit(withError: ExitCode(128 + signal)) }
}
