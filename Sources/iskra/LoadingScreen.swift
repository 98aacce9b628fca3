import CursesBackend
import Explorer
import IskraCore
import TextUI

enum LoadOutcome {
    /// With the keys typed while it loaded, to be applied in order.
    case loaded(Book, BookIdentity, typeahead: [InputEvent])
    /// q during loading (nil), or the quit signal that arrived (Ctrl-C, TERM, HUP).
    case quit(Int32?)
    case failed(BookFileError)
}

/// Waits for the background loader, with the terminal live: a book that is ready within a
/// few milliseconds (the bundled one) shows no progress screen at all; a large one shows
/// "Loading NAME… 43%" redrawn as it goes, follows resizes, and quits on q or a signal.
func waitForBook(_ loader: BookLoader, session: TerminalSession,
                 quietMilliseconds: Int = 40, pollMilliseconds: Int32 = 30) -> LoadOutcome {
    var typeahead: [InputEvent] = []
    func outcome(_ result: Result<LoadedBook, BookFileError>) -> LoadOutcome {
        switch result {
        case .success(let loaded): return .loaded(loaded.book, loaded.identity, typeahead: typeahead)
        case .failure(let error): return .failed(error)
        }
    }
    if let result = loader.result(waitingMilliseconds: quietMilliseconds) { return outcome(result) }
    let name = loader.path.split(separator: "/").last.map(String.init) ?? loader.path
    let theme = Theme(capability: session.colorCapability)
    while true {
        if let result = loader.result(waitingMilliseconds: 0) { return outcome(result) }
        session.draw(renderLoading(fileName: name, fraction: loader.fraction, size: session.size, theme: theme,
                                   pipeBytes: loader.pipeBytesRead))
        guard let event = session.nextEvent(timeoutMilliseconds: pollMilliseconds) else {
            if session.quitRequested { return .quit(session.quitSignal) }
            continue
        }
        switch event {
        case .key(let key):
            if Keymap.command(for: key) == .quit && typeahead.isEmpty { return .quit(nil) }
            // Typed ahead (`/kron` before the book is in): kept, like a shell's typeahead.
            // A `q` after other keys is kept too: it may be part of a search.
            if typeahead.count < 256 { typeahead.append(.key(key)) }
        case .paste:
            if typeahead.count < 256 { typeahead.append(event) }
        case .resize, .mouse:
            break // the next frame is drawn at the terminal's size; clicks were on no page
        }
    }
}
