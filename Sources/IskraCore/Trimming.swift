extension Substring {
    /// Without the spaces, tabs and line ends around it. They are single ASCII bytes, so the
    /// work is done on the UTF-8 view, without Character breaking.
    public var trimmingSpaces: Substring {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        let bytes = utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return self[start..<end]
    }
}

extension String {
    public var trimmingSpaces: Substring { self[...].trimmingSpaces }
}
