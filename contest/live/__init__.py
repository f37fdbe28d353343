"""What goes out live: Socket.IO connections and rooms, the pushes after each commit, who is
connected (presence, shared through Redis between processes), and the public feed's sequence."""
