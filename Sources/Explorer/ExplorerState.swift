import IskraCore
import TextUI

/// The explorer from start to quit: first the book loading (a progress screen once it takes
/// long enough to notice, keys kept as typeahead), then the book open. One state, changed
/// only by `reduce`, drawn by `render`: the runtime has one loop for both.
public enum ExplorerState: Sendable {
    case loading(LoadingState)
    case open(AppState)

    public init(loadingFileNamed fileName: String, size: Size) {
        self = .loading(LoadingState(fileName: fileName, size: size))
    }

    /// The open book's state, once it is in.
    public var book: AppState? {
        if case .open(let state) = self { return state }
        return nil
    }

    /// Whether the mouse should be captured: not while a citation is shown to be selected by
    /// hand with the terminal's own selection.
    public var wantsMouse: Bool {
        if case .citation? = book?.overlay { return false }
        return true
    }

    /// Whether there is a frame to draw: none while a book loads quickly (a progress screen
    /// flashed for a few milliseconds would only flicker), unless its opening is in to show.
    public var hasFrame: Bool {
        switch self {
        case .loading(let loading): return loading.showsProgress || loading.preview != nil
        case .open: return true
        }
    }

    /// Whether the frame shows the book: open, or its opening while the rest loads.
    public var showsBook: Bool {
        switch self {
        case .loading(let loading): return loading.preview != nil
        case .open: return true
        }
    }
}

/// The book being loaded: how far, and the keys typed meanwhile.
public struct LoadingState: Sendable {
    public let fileName: String
    public internal(set) var size: Size
    var fraction = 0.0
    /// For a pipe, whose size is unknown: the bytes read so far.
    var pipeBytes: Int?
    /// Loading took long enough that progress is shown (`.loadingSlow`).
    var showsProgress = false
    /// Keys and pastes typed while loading, applied in order once the book is open (like a
    /// shell's typeahead: `/kron` typed before the book is in searches for it).
    var typeahead: [InputEvent] = []
    /// A large book's opening, drawn while the rest loads (the status bar says how far);
    /// only for looking at: keys wait in `typeahead` and apply to the whole book.
    var preview: AppState?

    /// More typeahead than anyone types is dropped.
    static let typeaheadLimit = 256

    init(fileName: String, size: Size) {
        self.fileName = fileName
        self.size = size
    }

    /// The opening's status bar says how many keys wait.
    mutating func showTypeahead() {
        let notice = previewNotice
        preview?.notice = notice
    }

    /// What the status bar says over the opening shown while the book loads, and how many
    /// keys wait for it (so that a key pressed is seen to be kept).
    var previewNotice: String {
        let percent = Int((fraction.isFinite ? min(1, max(0, fraction)) : 0) * 100)
        let keys = typeahead.isEmpty ? "" : typeahead.count == 1 ? "; 1 key waits" : "; \(typeahead.count) keys wait"
        return "Loading the rest… \(percent)%" + keys
    }
}

public func reduce(_ state: inout ExplorerState, _ action: Action) -> [Effect] {
    switch state {
    case .open(var open):
        // Not reduced in place through the enum: move the state out so it is not copied.
        state = .loading(LoadingState(fileName: "", size: open.size))
        defer { state = .open(open) }
        return reduce(&open, action)
    case .loading(var loading):
        if case .bookLoaded(let book, let stored, let metadata) = action {
            var open = AppState(book: book, size: loading.size)
            open.metadata = metadata
            for event in stored { _ = reduce(&open, .stored(event)) }
            // Said once: a UTF-16 book was decoded, or some bytes were not UTF-8 (shown as U+FFFD).
            if let notice = book.document.decodingNotice { _ = reduce(&open, .notice(notice)) }
            var effects: [Effect] = [.buildSearchIndex, .buildSourceCatalog]
            if !loading.typeahead.isEmpty { effects += reduce(&open, .inputs(loading.typeahead)) }
            state = .open(open)
            return effects
        }
        let effects = reduceLoading(&loading, action)
        state = .loading(loading)
        return effects
    }
}

private func reduceLoading(_ loading: inout LoadingState, _ action: Action) -> [Effect] {
    switch action {
    case .inputs(let events):
        return events.flatMap { reduceLoading(&loading, .input($0)) }
    case .input(.key(let key)):
        // q quits at once, unless other keys came first: then it may be part of a search.
        if Keymap.command(for: key) == .quit && loading.typeahead.isEmpty { return [.quit] }
        if loading.typeahead.count < LoadingState.typeaheadLimit { loading.typeahead.append(.key(key)) }
        loading.showTypeahead()
    case .input(.paste):
        if case .input(let event) = action, loading.typeahead.count < LoadingState.typeaheadLimit {
            loading.typeahead.append(event)
        }
        loading.showTypeahead()
    case .input(.resize(let size)):
        loading.size = size
        if var preview = loading.preview {
            _ = reduce(&preview, .input(.resize(size)))
            loading.preview = preview
        }
    case .input(.mouse):
        break // a click on the progress screen points at nothing
    case .loadProgress(let fraction, let pipeBytes):
        loading.fraction = fraction
        loading.pipeBytes = pipeBytes
        let notice = loading.previewNotice
        loading.preview?.notice = notice
    case .bookPreview(let book):
        var preview = AppState(book: book, size: loading.size)
        preview.notice = loading.previewNotice
        loading.preview = preview
    case .loadingSlow:
        loading.showsProgress = true
    case .loadFailed(let message):
        return [.fail(message)]
    case .command(.quit):
        return [.quit]
    case .command, .bookLoaded, .stored, .searchReady, .sourcesReady, .datesReady, .copied, .notice:
        break // nothing open for them to act on
    }
    return []
}

public func render(_ state: ExplorerState, theme: Theme, into buffer: inout ScreenBuffer) {
    switch state {
    case .open(let open):
        render(open, theme: theme, into: &buffer)
    case .loading(let loading):
        if let preview = loading.preview { return render(preview, theme: theme, into: &buffer) }
        buffer = renderLoading(fileName: loading.fileName, fraction: loading.fraction, size: loading.size,
                               theme: theme, pipeBytes: loading.pipeBytes)
    }
}

extension ExplorerState {
    /// The size frames are drawn at.
    public var size: Size {
        switch self {
        case .loading(let loading): return loading.size
        case .open(let open): return open.size
        }
    }
}
