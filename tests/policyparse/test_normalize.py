from policyparse.normalize import normalize


def test_fullwidth_digits_and_percent_become_ascii():
    assert normalize("压减至２０个工作日，达到９０％") == "压减至20个工作日，达到90%"


def test_fullwidth_punctuation_kept():
    assert normalize("（一）企业开办：") == "（一）企业开办："


def test_crlf_blank_lines_and_ideographic_spaces():
    assert normalize("一、任务\r\n\r\n\u3000\u3000（一）推进。\r\n") == "一、任务\n（一）推进。"


def test_sentence_broken_by_layout_is_joined():
    text = "（一）容错纠错。为想干事的人撑腰、为敢担当的人鼓劲,既不纵容违法乱纪的行为,为敢担\n\n当的人鼓劲。"
    assert normalize(text).count("\n") == 0


def test_title_line_not_joined_to_its_number():
    text = "中共某某经济技术开发区工作委员会关于印发《某某经济技术开发区关于进一步优化营商环境的若干措施》的通知\n阿腾党发〔2021〕50 号"
    assert normalize(text).count("\n") == 1


def test_label_line_never_joined():
    assert (
        normalize(
            "加强沟通交流，听取意见和诉求，为企业排忧解难，在人大代表、政协委员人选提名时推荐\n（二）下一项。"
        ).count("\n")
        == 1
    )


def test_hard_wrapped_text_is_rejoined():
    paras = [
        "（一）企业开办注销。企业开办实行全程网办，实现企业设立登记、印章刻制、申领发票和税控设备1个工作日内办结。",
        "（二）办理建筑许可。将审批事项和流程划分为四个阶段，各阶段审批事项实现并联审批，合并办理用地预审。",
        "（三）获得电力。高压客户办电环节由6个压减至4个，低压非居民用电报装环节压减至3个以内并全面推广。",
    ]
    wrapped = [p[i : i + 16] for p in paras for i in range(0, len(p), 16)]
    assert normalize("\n".join(wrapped)).split("\n") == paras


def test_number_list_at_line_start_is_not_a_label():
    text = "\n".join(["供水、供气、供热用户报装时间分别压缩至", "5、6、8个工作日。"])
    assert "\n" not in normalize(text) or normalize(text).split("\n")[1].startswith("5、6")
