/// One line of text being typed, with a cursor, edited readline style: the search line, a
/// list's filter and a bookmark's label all use it, so the same keys work everywhere.
public struct LineEditor: Hashable, Sendable, ExpressibleByStringLiteral {
    public private(set) var text: String
    /// Where typing happens, in characters from the start; nil at the end (the usual case).
    public private(set) var cursor: Int?
    /// The most characters the line takes.
    public let limit: Int

    public init(_ text: String = "", limit: Int = 256) {
        self.limit = limit
        self.text = String(text.prefix(limit))
        self.cursor = nil
    }

    public init(stringLiteral text: String) { self.init(text) }

    /// Two lines are the same when they read the same with the cursor in the same place.
    public static func == (a: LineEditor, b: LineEditor) -> Bool { a.text == b.text && a.cursor == b.cursor }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(cursor)
    }

    /// Replaces the whole line (a search recalled from the history), the cursor at its end.
    public mutating func set(_ text: String) {
        self.text = String(text.prefix(limit))
        cursor = nil
    }

    /// Whether `key` is one the editor acts on (it may still change nothing, at an end).
    public static func edits(_ key: Key) -> Bool {
        switch key {
        case .character, .backspace, .delete, .left, .right, .home, .end, .control("a"), .control("e"), .control("w"),
             .control("u"), .control("k"), .alt(.backspace):
            return true
        default:
            return false
        }
    }

    /// Characters insert at the cursor (controls never do), Backspace and Delete remove before
    /// and at it, ← → Home End (Ctrl-A Ctrl-E) move it, Ctrl-W and Alt-Backspace remove the
    /// word before it, Ctrl-U and Ctrl-K everything before and after it. Returns false when a
    /// character did not fit.
    @discardableResult
    public mutating func apply(_ key: Key) -> Bool {
        var characters = Array(text)
        var at = min(cursor ?? characters.count, characters.count)
        switch key {
        case .character(let character):
            if character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) { return true }
            guard characters.count < limit else { return false }
            characters.insert(character, at: at)
            at += 1
        case .backspace:
            guard at > 0 else { return true }
            characters.remove(at: at - 1)
            at -= 1
        case .delete:
            // At the end of the line, Delete acts as Backspace (as many terminals send it).
            if at < characters.count { characters.remove(at: at) } else if at > 0 { characters.remove(at: at - 1); at -= 1 }
        case .left: at = max(0, at - 1)
        case .right: at = min(characters.count, at + 1)
        case .control("a"), .home: at = 0
        case .control("e"), .end: at = characters.count
        case .control("w"), .alt(.backspace):
            var start = at
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start ..< at)
            at = start
        case .control("u"):
            characters.removeSubrange(0 ..< at)
            at = 0
        case .control("k"):
            characters.removeSubrange(at...)
        default:
            return true
        }
        text = String(characters)
        cursor = at >= characters.count ? nil : at
        return true
    }

    /// Inserts `pasted` at the cursor, up to the limit. Returns false when it was cut.
    @discardableResult
    public mutating func insert(_ pasted: String) -> Bool {
        var characters = Array(text)
        let at = min(cursor ?? characters.count, characters.count)
        let inserted = Array(pasted.prefix(max(0, limit - characters.count)))
        characters.insert(contentsOf: inserted, at: at)
        text = String(characters)
        cursor = at + inserted.count >= characters.count ? nil : at + inserted.count
        return inserted.count == pasted.count
    }

    /// The line as shown in `width` columns with the cursor mark between `before` and
    /// `after`, controls visible: a long line is cut before the cursor first, then after it,
    /// so the cursor always shows.
    public func visible(width: Int) -> (before: String, after: String) {
        let characters = Array(text)
        let at = min(cursor ?? characters.count, characters.count)
        var before = VisibleText.sanitize(String(characters[..<at]))
        var after = VisibleText.sanitize(String(characters[at...]))
        let room = max(2, width)
        if DisplayWidth.of(before) + DisplayWidth.of(after) > room {
            before = VisibleText.truncateLeading(before, toWidth: room - min(DisplayWidth.of(after), room / 3))
            after = VisibleText.truncate(after, toWidth: room - DisplayWidth.of(before))
        }
        return (before, after)
    }
}
