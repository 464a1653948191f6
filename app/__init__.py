"""samordning: national coordination of patient and user safety (I trygge hender 24-7)."""
