// Places saved in the state file, read against the book: shared by the explorer (which turns
// them into its pages) and `iskra bookmarks`.

extension Book {
    /// The units shown on a chapter's or source's page, in order (the opening chapter shows the
    /// book's title; the first source's page, the sources heading and introduction).
    public func unitRanges(of kind: StoredPlace.PageKind, _ index: Int) -> [Range<Int>] {
        switch kind {
        case .chapter:
            guard index >= 0, index < document.chapters.count else { return [] }
            var ranges = [chapterUnits[index]]
            if document.chapters[index].heading == nil, let title = units.firstIndex(where: { $0.kind == .title }) {
                ranges.insert(title..<(title + 1), at: 0)
            }
            return ranges
        case .source:
            guard index >= 0, index < document.sources.count else { return [] }
            return index == 0 ? [sourcesIntroUnits, sourceUnits[index]] : [sourceUnits[index]]
        }
    }

    /// Where a stored place is in this book, checked: nil when its page is not in the book;
    /// the top of the page (no unit) when its text is not on that page any more; the offset
    /// clamped into the unit.
    public func resolve(_ stored: StoredPlace) -> (unit: Int?, offset: Int, linesBefore: Int)? {
        let count = stored.page == .chapter ? document.chapters.count : document.sources.count
        guard stored.index >= 0, stored.index < count else { return nil }
        guard let line = stored.line else { return (nil, 0, min(stored.linesBefore, 3)) }
        for range in unitRanges(of: stored.page, stored.index) {
            for id in range where units[id].line == line {
                let length = scalarCount(ofUnit: id)
                return (id, min(max(0, stored.offset), max(0, length - 1)), min(stored.linesBefore, 3))
            }
        }
        return (nil, 0, 0)
    }

    /// "Chapter 3/25" or "Source 16/44".
    public func pageLabel(of kind: StoredPlace.PageKind, _ index: Int) -> String {
        switch kind {
        case .chapter: return document.chapterLabel(index)
        case .source: return "Source \(index + 1)/\(document.sources.count)"
        }
    }

    /// A chapter's title, or a source's author and work ("J. T. Murphy: The Errors of
    /// Trotskyism") when its header has them, else its header.
    public func pageTitle(of kind: StoredPlace.PageKind, _ index: Int) -> String {
        switch kind {
        case .chapter:
            guard index >= 0, index < document.chapters.count else { return "" }
            return document.chapters[index].displayTitle
        case .source:
            guard index >= 0, index < document.sources.count else { return "" }
            let source = document.sources[index]
            if let author = source.author, let title = source.title { return "\(author): \(title)" }
            return source.header
        }
    }

    /// Where a bookmark points, for lists: the page, its title, the file line and the text there.
    public func describe(_ stored: StoredPlace) -> (page: String, title: String, line: Int?, snippet: String)? {
        guard let resolved = resolve(stored) else { return nil }
        let label = pageLabel(of: stored.page, stored.index), title = pageTitle(of: stored.page, stored.index)
        guard let id = resolved.unit else {
            let first = unitRanges(of: stored.page, stored.index).first(where: { !$0.isEmpty })?.lowerBound
            return (label, title, first.map { units[$0].line }, first.map { snippet(units[$0].text, from: 0) } ?? "")
        }
        let unit = units[id]
        return (label, title, unit.paragraph.position(ofScalarOffset: resolved.offset).line,
                snippet(unit.text, from: resolved.offset, start: index(ofScalar: resolved.offset, inUnit: id)))
    }

    /// `start`: where `offset` is in `text`, when known (a long unit's is found from its nearest
    /// piece, never by walking megabytes).
    public func snippet(_ text: String, from offset: Int, length: Int = 60, start: String.Index? = nil) -> String {
        let scalars = text.unicodeScalars
        let start = start ?? scalars.index(scalars.startIndex, offsetBy: max(0, offset), limitedBy: scalars.endIndex) ?? scalars.endIndex
        var out = ""
        var count = 0
        var lastWasSpace = false
        for scalar in scalars[start...] {
            if scalar.properties.isWhitespace {
                if lastWasSpace || out.isEmpty { continue }
                out.unicodeScalars.append(" ")
                lastWasSpace = true
            } else {
                // Control characters are shown, never sent to the terminal.
                if scalar.value < 0x20 || scalar.value == 0x7F { out += "^" } else { out.unicodeScalars.append(scalar) }
                lastWasSpace = false
            }
            count += 1
            if count >= length {
                out += "…"
                break
            }
        }
        return out
    }
}
