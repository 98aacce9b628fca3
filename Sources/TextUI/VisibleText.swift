// Text made safe and fitted for drawing. Control characters would move the terminal's cursor
// or start escape sequences, so they are always shown in a visible form instead:
// C0 as caret notation (`^@` NUL, `^I` TAB, `^[` ESC), DEL as `^?`, C1 and the Unicode
// line/paragraph separators as `<U+0085>`. Callers that want tabs expanded do it first.

public enum Alignment: Hashable, Sendable {
    case leading, center, trailing
}

public enum VisibleText {
    /// The visible form of a control scalar, or nil for a scalar that is drawn as itself.
    public static func visibleForm(of scalar: Unicode.Scalar) -> String? {
        let v = scalar.value
        guard DisplayWidth.isControl(v) else { return nil }
        if v < 0x20 { return "^" + String(Unicode.Scalar(UInt8(v + 0x40))) }
        if v == 0x7F { return "^?" }
        return "<U+" + hex4(v) + ">"
    }

    /// `text` with every control scalar replaced by its visible form. Everything else is
    /// kept, so `DisplayWidth.of(sanitize(s)) == DisplayWidth.of(s)`.
    public static func sanitize(_ text: some StringProtocol) -> String {
        let text = substring(text)
        // Why the scan first: nearly all text has no controls, and then no copy is needed.
        guard text.unicodeScalars.contains(where: { DisplayWidth.isControl($0.value) }) else {
            return String(text)
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if let form = visibleForm(of: scalar) { result += form } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    /// `text` for a terminal line by line, as the command line prints it: line breaks and tabs
    /// kept, every other control scalar (ESC above all) in its visible form.
    public static func sanitizeLines(_ text: some StringProtocol) -> String {
        let text = substring(text)
        func unsafe(_ scalar: Unicode.Scalar) -> Bool { DisplayWidth.isControl(scalar.value) && scalar != "\n" && scalar != "\t" }
        guard text.unicodeScalars.contains(where: unsafe) else { return String(text) }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if unsafe(scalar), let form = visibleForm(of: scalar) { result += form } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    /// `text` cut to at most `width` columns, ending with `ellipsis` when anything was cut.
    /// Never splits a grapheme cluster; a width of 0 or less gives "".
    public static func truncate(_ text: some StringProtocol, toWidth width: Int,
                                ellipsis: String = "…") -> String {
        let text = substring(text)
        guard width > 0 else { return "" }
        let cut = prefixEnd(of: text, width: width)
        if cut.end == text.endIndex { return String(text) }
        let ellipsisWidth = DisplayWidth.of(ellipsis)
        guard ellipsisWidth <= width else { return String(text[..<cut.end]) }
        let kept = prefixEnd(of: text, width: width - ellipsisWidth)
        return String(text[..<kept.end]) + ellipsis
    }

    /// `text` cut from the start to at most `width` columns, with `ellipsis` before it when cut:
    /// for lines being typed, whose end is where the cursor is.
    public static func truncateLeading(_ text: some StringProtocol, toWidth width: Int,
                                       ellipsis: String = "…") -> String {
        let text = String(text)
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        let room = max(0, width - DisplayWidth.of(ellipsis))
        var start = text.endIndex
        var used = 0
        while start > text.startIndex {
            let before = text.index(before: start)
            let columns = DisplayWidth.of(text[before..<start])
            if used + columns > room { break }
            used += columns
            start = before
        }
        return (room < width ? ellipsis : "") + String(text[start...])
    }

    /// `text` padded with spaces to exactly `width` columns (truncated with … if wider).
    public static func pad(_ text: some StringProtocol, toWidth width: Int,
                           alignment: Alignment = .leading) -> String {
        let fitted = truncate(text, toWidth: width)
        let gap = max(0, width - DisplayWidth.of(fitted))
        switch alignment {
        case .leading: return fitted + String(repeating: " ", count: gap)
        case .trailing: return String(repeating: " ", count: gap) + fitted
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + fitted + String(repeating: " ", count: gap - left)
        }
    }

    /// The end of the longest prefix of whole clusters that fits in `width` columns, and its width.
    static func prefixEnd(of text: Substring, width: Int) -> (end: String.Index, width: Int) {
        ClusterScanner.scan(text) { scanner in
            var used = 0
            var end = 0
            while let cluster = scanner.next() {
                if used + cluster.width > width { break }
                used += cluster.width
                end = cluster.end
            }
            return (scanner.index(end), used)
        }
    }

    static func hex4(_ v: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        var s = ""
        var shift = max(12, (32 - v.leadingZeroBitCount + 3) / 4 * 4 - 4)
        while shift >= 0 {
            s.append(digits[Int((v >> UInt32(shift)) & 0xF)])
            shift -= 4
        }
        return s
    }
}
