import TextUI

/// Where everything goes for a terminal size. Views draw into these rectangles and the reducer
/// hit-tests mouse clicks against the same ones, so the two can never disagree.
struct ExplorerGeometry: Equatable, Sendable {
    static let minimumSize = Size(width: 40, height: 10)
    /// Below this width one pane is shown at a time.
    static let twoPaneWidth = 80
    /// Long lines are hard to read: the reader's text column stops here even on wide terminals.
    static let maxTextWidth = 96
    /// The navigator widens for titles only while the reader keeps this many columns of text.
    static let comfortableTextWidth = 72

    /// The navigator's width on a terminal of 80-120 columns: a third, 28 to 46 columns.
    /// Narrow enough to give the reader room, wide enough for the short tabs to show whole.
    static let minimumNavigatorWidth = 26
    /// The reader keeps at least this many columns when the navigator is widened by hand.
    static let minimumReaderWidth = 40

    let size: Size
    let focus: Pane
    /// Columns the navigator's longest rows want (`Book.naturalNavigatorWidth`).
    let naturalNavigatorWidth: NavigatorWidths
    /// Columns added (or, negative, taken) with `>` and `<`.
    let adjustment: Int
    /// `|` on a wide screen: the story and a source side by side, in place of navigator and reader.
    let sideBySide: Bool
    /// Columns left of the text for paragraph numbers (`#`); 0 when they are hidden.
    let paragraphGutter: Int

    init(size: Size, focus: Pane, naturalNavigatorWidth: NavigatorWidths = NavigatorWidths(names: 0, everything: 0),
                adjustment: Int = 0, sideBySide: Bool = false, paragraphGutter: Int = 0) {
        self.paragraphGutter = paragraphGutter
        self.size = size
        self.focus = focus
        self.naturalNavigatorWidth = naturalNavigatorWidth
        self.adjustment = adjustment
        self.sideBySide = sideBySide
    }

    var isTooSmall: Bool {
        size.width < Self.minimumSize.width || size.height < Self.minimumSize.height
    }

    var isOnePane: Bool { size.width < Self.twoPaneWidth }

    var titleBar: Rect { Rect(x: 0, y: 0, width: size.width, height: 1) }
    var statusBar: Rect { Rect(x: 0, y: max(0, size.height - 1), width: size.width, height: 1) }
    var body: Rect { Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 2)) }

    /// A third of the screen, 28 to 46 columns; wider when the titles want more and the reader
    /// keeps a comfortable column (chapter titles and names first, then, past the reader's
    /// widest column, the sources' headers: titles take the room, not padding); then moved
    /// by the user's `<` `>`, always leaving both panes usable.
    var navigatorWidth: Int {
        if isOnePane { return size.width }
        let base = min(46, max(28, size.width * 32 / 100))
        // The reader's margins and the separator take four columns.
        let forNames = min(size.width - (Self.comfortableTextWidth + 4), naturalNavigatorWidth.names)
        let forEverything = min(size.width - (Self.maxTextWidth + 4), naturalNavigatorWidth.everything)
        let automatic = max(base, forNames, forEverything)
        let widest = size.width - 1 - Self.minimumReaderWidth
        return max(Self.minimumNavigatorWidth, min(widest, automatic + adjustment))
    }

    /// Whether `<` and `>` could move the divider further in that direction.
    func canAdjustNavigator(by delta: Int) -> Bool {
        guard !isOnePane else { return false }
        let moved = ExplorerGeometry(size: size, focus: focus, naturalNavigatorWidth: naturalNavigatorWidth,
                                     adjustment: adjustment + delta)
        return moved.navigatorWidth != navigatorWidth
    }

    var showsNavigator: Bool { !sideBySide && (!isOnePane || focus == .navigator) }
    var showsReader: Bool { sideBySide || !isOnePane || focus == .reader }

    var navigator: Rect {
        Rect(x: 0, y: body.y, width: navigatorWidth, height: body.height)
    }

    /// The column between the panes (two-pane mode only).
    var separator: Rect {
        if sideBySide { return Rect(x: readerPane.maxX, y: body.y, width: 1, height: body.height) }
        return isOnePane ? Rect(x: 0, y: 0, width: 0, height: 0)
            : Rect(x: navigatorWidth, y: body.y, width: 1, height: body.height)
    }

    var tabBar: Rect { Rect(x: navigator.x, y: navigator.y, width: navigator.width, height: 1) }
    var list: Rect {
        Rect(x: navigator.x, y: navigator.y + 1, width: navigator.width, height: max(0, navigator.height - 1))
    }

    /// The reader's pane: its header row, then its text.
    var readerPane: Rect {
        if sideBySide { return Rect(x: 0, y: body.y, width: (size.width - 1) / 2, height: body.height) }
        if isOnePane { return body }
        let x = navigatorWidth + 1
        return Rect(x: x, y: body.y, width: max(0, size.width - x), height: body.height)
    }

    /// The reader's title row, level with the navigator's tabs: what it shows, and whether it
    /// has the focus.
    var readerHeader: Rect { readerPane.row(0) }

    /// The reader's text (or the search results).
    var reader: Rect {
        let pane = readerPane
        return Rect(x: pane.x, y: pane.y + 1, width: pane.width, height: max(0, pane.height - 1))
    }

    /// Columns of text in the reader: the pane less a margin on each side, at most `maxTextWidth`.
    var readerTextWidth: Int { max(1, min(Self.maxTextWidth, reader.width - 3 - paragraphGutter)) }
    var readerTextX: Int { reader.x + 2 + paragraphGutter }

    /// Side by side: the source's pane, right of the story's, with its header row.
    var sidePane: Rect {
        let x = readerPane.maxX + 1
        return Rect(x: x, y: body.y, width: max(0, size.width - x), height: body.height)
    }
    var side: Rect { Rect(x: sidePane.x, y: sidePane.y + 1, width: sidePane.width, height: max(0, sidePane.height - 1)) }
    var sideTextWidth: Int { max(1, min(Self.maxTextWidth, side.width - 3 - paragraphGutter)) }
}
