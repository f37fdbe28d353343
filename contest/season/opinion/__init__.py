"""单位通道's 评分与推荐意见: the enterprise's 对标对表 self-evaluation of a team against the
notice's requirements (附件1-1), its self-score and 推荐意见, each 提交 kept whole, and the
sealed scan of the paper form.

`requirements` holds the notice's text as data; `form` is pure (checks, and the rows a paper
form or a page renders); `records` loads and writes the rows and says what is still missing
before the enterprise may 同意推荐.
"""
