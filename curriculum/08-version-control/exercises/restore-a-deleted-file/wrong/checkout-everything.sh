git checkout HEAD -- .
