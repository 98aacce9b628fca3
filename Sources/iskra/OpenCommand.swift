import ArgumentParser
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

        @Argument(help: "A book in plain UTF-8 text (default: the bundled book).")
        var file: String?

        @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (its own text selection works).")
        var noMouse = false

        @Option(help: "Colours: auto (the default; off when NO_COLOR is set), always or never.")
        var color: ColorChoice = .auto

        func run() throws {
            let path = file ?? BundledContent.bookPath
            // A bad path is reported at once, before the terminal changes; reading and parsing
            // happen in the background while the terminal shows progress.
            do { try BookFile.checkReadable(path: path) } catch { fail(error.description) }
            if let reason = TerminalSession.preflight() {
                fail("\(reason): the explorer needs a terminal. For text output try `iskra export`.", code: 2)
            }
            let noColorSet = getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false
            let colors = color == .always || (color == .auto && !noColorSet)
            let loader = BookLoader(path: path)
            loader.start()
            let session: TerminalSession
            do {
                session = try TerminalSession(mouse: !noMouse, colors: colors)
            } catch {
                fail("\(error)", code: 2)
            }
            let signal: Int32?
            switch waitForBook(loader, session: session) {
            case .loaded(let book):
                signal = runExplorer(session: session, book: book)
            case .quit(let quitSignal):
                signal = quitSignal
            case .failed(let error):
                session.end()
                fail(error.description)
            }
            session.end()
            // Killed by a signal: exit the way a shell expects (128 + signal number).
            if let signal { Iskra.exit(withError: ExitCode(128 + signal)) }
        }
    }
}

/// The event loop: draw the state, wait for input, reduce, carry out effects. Returns the quit
/// signal, if a signal ended it.
func runExplorer(session: TerminalSession, book: Book) -> Int32? {
    var state = AppState(book: book, size: session.size)
    let theme = Theme(capability: session.colorCapability)
    var frame = ScreenBuffer(size: state.size)
    while true {
        frame = ScreenBuffer(size: state.size)
        render(state, theme: theme, into: &frame)
        session.draw(frame)
        guard let event = session.nextEvent(timeoutMilliseconds: -1) else {
            if session.quitRequested { return session.quitSignal }
            continue
        }
        for effect in reduce(&state, .input(event)) {
            switch effect {
            case .quit: return nil
            case .redrawAll: session.invalidate()
            }
        }
    }
}
