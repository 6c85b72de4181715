//! Pools of Chinese names, places and texts the demo generator draws from.
//! Everything here is plain printable text: no control characters.

use fastrand::Rng;

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "欧阳",
];

pub const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建国", "建华", "国强", "志强", "文斌", "海燕", "秀兰",
    "玉兰", "桂兰", "淑珍", "德明", "永福", "长青", "春梅", "晓东", "晓燕", "子涵", "浩然", "雨桐",
    "梓轩", "欣怡", "宇航", "思远", "俊杰", "丽华", "红梅", "金凤", "振华", "立新", "卫东", "建军",
    "凤英", "翠花", "水生", "福生", "国庆", "爱民", "小龙",
];

pub const TOWNS: &[&str] = &[
    "城关镇",
    "东城街道",
    "西湖街道",
    "南山镇",
    "北塘镇",
    "青石镇",
    "河口乡",
    "新港街道",
    "柳溪镇",
    "白沙镇",
];

pub const ROADS: &[&str] = &[
    "幸福路",
    "人民路",
    "解放街",
    "建设路",
    "中山路",
    "和平街",
    "新华路",
    "文化路",
    "胜利路",
    "团结街",
    "光明路",
    "友谊路",
    "朝阳街",
    "府前路",
    "学府路",
    "滨江路",
    "长安街",
    "民主路",
    "工业大道",
    "迎宾路",
    "花园街",
    "育才路",
    "健康路",
    "青年路",
    "东风路",
];

pub const SHOP_PREFIX: &[&str] = &[
    "鑫源",
    "华联",
    "阳光",
    "金穗",
    "永辉",
    "福满",
    "百佳",
    "恒昌",
    "宏达",
    "兴隆",
    "佳和",
    "瑞丰",
    "嘉禾",
    "顺发",
    "金鼎",
    "和美",
    "安泰",
    "新世纪",
    "润发",
    "万家",
];

const ORDINALS: &[&str] = &["第一", "第二", "第三", "第四", "第五", "实验", "中心"];
const ADJ: &[&str] = &[
    "阳光",
    "康乐",
    "福寿",
    "夕阳红",
    "幸福",
    "安康",
    "颐和",
    "松鹤",
];

pub fn pick<'a>(rng: &mut Rng, pool: &[&'a str]) -> &'a str {
    pool[rng.usize(..pool.len())]
}

/// 姓 + 名.
pub fn person(rng: &mut Rng) -> String {
    format!("{}{}", pick(rng, SURNAMES), pick(rng, GIVEN))
}

/// 区/镇 + 路/街 + 号 (sometimes a flat).
pub fn address(rng: &mut Rng) -> String {
    let (town, road, no) = (pick(rng, TOWNS), pick(rng, ROADS), rng.u32(1..300));
    if rng.u8(..3) == 0 {
        let (b, u, f) = (rng.u32(1..20), rng.u32(1..4), rng.u32(1..19));
        format!("{town}{road}{no}号{b}幢{u}单元{f}0{}室", rng.u32(1..5))
    } else {
        format!("{town}{road}{no}号")
    }
}

/// An 11-digit mobile number (13x/15x/18x), a landline, or nothing.
pub fn phone(rng: &mut Rng, landline_share: u8, empty_share: u8) -> String {
    let r = rng.u8(..100);
    if r < empty_share {
        String::new()
    } else if r < empty_share + landline_share {
        format!("0571-8{:07}", rng.u32(..10_000_000))
    } else {
        let prefix = ["13", "15", "18"][rng.usize(..3)];
        format!("{prefix}{}{:08}", rng.u8(0..10), rng.u32(..100_000_000))
    }
}

/// An organisation's name for a target-kind key.
pub fn organisation(rng: &mut Rng, kind: &str) -> String {
    let town = pick(rng, TOWNS);
    let town_short = town.trim_end_matches("街道").trim_end_matches(['镇', '乡']);
    let shop = pick(rng, SHOP_PREFIX);
    let road = pick(rng, ROADS);
    match kind {
        "household" => format!("{}{}家", pick(rng, SURNAMES), pick(rng, GIVEN)),
        "enterprise" => {
            let trade = pick(
                rng,
                &[
                    "机械制造",
                    "纺织",
                    "电子科技",
                    "建材",
                    "食品",
                    "物流",
                    "服装",
                    "化工",
                ],
            );
            format!("{town_short}{shop}{trade}有限公司")
        }
        "school" => {
            let level = pick(rng, &["小学", "中学", "初级中学", "职业技术学校"]);
            format!("{town}{}{level}", pick(rng, ORDINALS))
        }
        "kindergarten" => format!(
            "{town_short}{}幼儿园",
            pick(rng, &["阳光", "蓝天", "小太阳", "童心", "育英", "实验"])
        ),
        "hospital" => match rng.u8(..4) {
            0 => format!("{town_short}人民医院"),
            1 => format!("{town}卫生院"),
            2 => format!("{town_short}中医院"),
            _ => format!("{road}社区卫生服务中心"),
        },
        "nursing_home" => format!(
            "{}{}",
            pick(rng, ADJ),
            pick(rng, &["养老院", "敬老院", "老年公寓", "颐养中心"])
        ),
        "crowded_place" => {
            let what = pick(
                rng,
                &[
                    "超市",
                    "农贸市场",
                    "购物广场",
                    "客运站",
                    "宾馆",
                    "大酒店",
                    "商场",
                    "影城",
                ],
            );
            format!("{shop}{what}")
        }
        "key_unit" => {
            let what = pick(
                rng,
                &[
                    "供电所",
                    "自来水厂",
                    "农商银行营业部",
                    "邮政支局",
                    "燃气公司",
                    "广播电视站",
                ],
            );
            format!("{town_short}{what}")
        }
        "hazardous_unit" => {
            let what = pick(
                rng,
                &["加油站", "液化气站", "烟花爆竹仓库", "化工仓储", "油库"],
            );
            format!("{shop}{what}")
        }
        "high_rise" => {
            let what = pick(
                rng,
                &["大厦", "国际公寓", "地下停车场", "商务中心", "地下商业街"],
            );
            format!("{shop}{what}")
        }
        "community" => format!("{}社区", road.trim_end_matches(['路', '街'])),
        "village" => format!(
            "{town}{}村",
            pick(
                rng,
                &[
                    "桃源", "李家", "石桥", "杨柳", "大塘", "前山", "后湾", "新丰", "河东", "双井"
                ]
            )
        ),
        _ => format!(
            "{road}{}",
            pick(
                rng,
                &["夜市", "桥下停车场", "菜场周边", "公交首末站", "广场"]
            )
        ),
    }
}

/// Notes for a directory entry with vulnerable-group tags.
pub const ENTRY_NOTES: &[&str] = &[
    "独居，行动不便，子女在外地务工",
    "家中有长期病人，经济困难",
    "已办理低保，需关注冬季取暖",
    "孩子由祖父母抚养，需定期回访",
    "曾多次到镇里反映征地补偿问题",
    "听力不好，上门时请大声说话",
    "",
];

/// Free-text places for visits without a directory target.
pub const PLACES: &[&str] = &[
    "人民路与解放街交叉口（事故多发路段）",
    "滨江路夜市",
    "城关镇农贸市场周边",
    "迎宾路学校门口",
    "工业大道施工路段",
    "火车站广场",
    "长安街地下通道",
    "青石镇集市",
];

/// Mission texts by purpose key.
pub fn missions(purpose: &str) -> &'static [&'static str] {
    match purpose {
        "warmth" => &[
            "送米面油和慰问金，了解生活困难",
            "为困难家庭送去冬衣棉被",
            "帮助办理低保续期手续",
            "了解子女就学及家庭收入情况",
        ],
        "safety" => &[
            "检查消防通道和灭火器材",
            "检查监控、门禁等技防设施",
            "排查易燃易爆物品存放情况",
            "开展安全隐患排查并宣传防盗知识",
            "检查校园周边交通秩序和护学岗",
        ],
        "law" => &[
            "开展防范电信网络诈骗宣传",
            "为学生上法治教育课",
            "宣讲道路交通安全法规",
            "讲解反家庭暴力法和求助渠道",
        ],
        "mediation" => &[
            "走访信访人员，了解诉求",
            "上门化解邻里矛盾",
            "回访纠纷当事人，巩固调解成果",
        ],
        "service" => &[
            "上门告知案件办理进度",
            "讲解户籍和居住证办理流程",
            "回访报案群众，听取意见",
            "为行动不便老人上门办理身份证",
        ],
        "care" => &[
            "节日慰问，送上慰问品",
            "了解身体和生活状况，协调解决困难",
            "陪同就医复查",
        ],
        _ => &["走访了解情况，听取意见建议"],
    }
}

/// Outcome notes of a done visit, by purpose key.
pub fn outcomes(purpose: &str) -> &'static [&'static str] {
    match purpose {
        "warmth" => &[
            "送去米面油各一份，老人表示感谢，反映冬季取暖有困难，已联系社区协助",
            "了解到家中孩子上学交通不便，已与学校沟通安排同学结伴",
            "协助填写低保申请表，社区将于下周上门核实",
            "家属情绪稳定，生活基本有保障，约定下月再来",
        ],
        "safety" => &[
            "发现消防通道堆放杂物，当场督促清理完毕",
            "两处灭火器过期，已责令三日内更换",
            "监控存在盲区，建议加装两个摄像头，单位负责人同意整改",
            "检查未发现明显隐患，向员工讲解了防火常识",
            "校门口早高峰车辆乱停，已协调交警设置临时停车区",
        ],
        "law" => &[
            "发放防诈骗宣传册120份，现场演示识别冒充客服诈骗",
            "为三个年级学生上法治课，学生提问踊跃",
            "讲解了电动车上牌和戴头盔规定，群众反响良好",
            "村民反映有人推销高息理财，已记录线索转刑侦",
        ],
        "mediation" => &[
            "双方当面沟通，情绪有所缓和，同意下次在所里调解",
            "信访人诉求为拆迁补偿标准，已解释政策并转镇政府",
            "回访当事人，协议履行正常，未再发生冲突",
        ],
        "service" => &[
            "向报案人通报案件进展，报案人表示理解",
            "现场为两位老人办理身份证换领手续",
            "解答居住证办理问题，留下社区民警联系方式",
            "回访群众对处警情况满意，提出夜间巡逻建议",
        ],
        "care" => &[
            "送上慰问品，老人身体状况良好，子女常回家看望",
            "了解到就医报销有困难，已联系局政治处协调",
            "陪同到医院复查，情况稳定",
            "家属反映房屋漏水，已联系社区安排维修",
        ],
        _ => &["走访顺利完成，记录群众意见"],
    }
}

pub const CANCEL_REASONS: &[&str] = &[
    "暴雨天气，道路积水，改期",
    "走访对象外出，联系不上",
    "民警临时参加紧急处警",
    "对象住院，家属请求改期",
    "单位负责人出差，另约时间",
];

pub const EVAL_COMMENTS: &[&str] = &[
    "民警很耐心，办事效率高",
    "希望晚上多巡逻几次",
    "上门服务很贴心，感谢派出所",
    "报警后出警很快",
    "窗口办事排队时间有点长",
    "小区门口电动车被盗的事还没结果",
    "社区民警经常来，很放心",
    "",
    "",
];

/// Issue summaries by topic key.
pub fn issue_summaries(topic: &str) -> &'static [&'static str] {
    match topic {
        "stability" => &[
            "征地补偿款迟迟未发放",
            "工地拖欠农民工工资",
            "企业裁员补偿引发职工不满",
            "拆迁安置房分配有争议",
            "厂房租赁合同纠纷可能激化",
        ],
        "security" => &[
            "小区夜间电动车屡次被盗",
            "路口夜间无照明，治安隐患大",
            "网吧周边常有青少年聚集斗殴",
            "菜市场扒窃案件多发",
            "出租屋人员流动大，管理松散",
            "学校周边有人兜售三无食品",
        ],
        "enforcement" => &[
            "报警后长时间无人出警",
            "报案材料提交后迟迟未立案",
            "案件办理进度不透明",
            "交通事故处理结果不公",
            "扣押物品长期未返还",
        ],
        "conduct" => &[
            "窗口民警态度生硬",
            "办理户口迁移来回跑多次",
            "值班民警推诿不受理",
            "接警员说话不耐烦",
        ],
        "integrity" => &[
            "反映有民警插手经济纠纷",
            "反映办证时被暗示请托",
            "反映执法车辆公车私用",
        ],
        _ => &["群众反映的其他问题"],
    }
}

pub const ISSUE_DETAILS: &[&str] = &[
    "群众在走访中当面反映，情绪较激动",
    "多户居民联名反映，希望尽快解决",
    "反映人称已向有关部门反映过一次",
    "",
    "",
];

/// Rectification measures by topic key.
pub fn measures(topic: &str) -> &'static [&'static str] {
    match topic {
        "stability" => &[
            "协调镇政府和施工方召开协调会，明确支付时间表",
            "联合人社部门督促企业按月发放工资",
            "会同街道开展政策解释，专人跟踪化解",
        ],
        "security" => &[
            "加装路灯四盏，增加夜间巡逻频次",
            "在小区出入口加装监控，开展防盗宣传",
            "组织专项整治，抓获盗窃嫌疑人两名",
            "联合市场监管部门清理无证摊点",
        ],
        "enforcement" => &[
            "调取接处警记录，责成当班民警说明情况并整改",
            "依法受理并立案，告知办理时限",
            "建立案件进度告知制度，按节点电话通报",
            "返还扣押物品，完善涉案财物管理台账",
        ],
        "conduct" => &[
            "对窗口民警批评教育，开展文明用语培训",
            "推行一次性告知和容缺办理",
            "实行首问负责制，公布监督电话",
        ],
        "integrity" => &[
            "纪检部门核查，对相关民警谈话提醒",
            "开展廉政警示教育，公开办事流程",
        ],
        _ => &["落实整改措施"],
    }
}

pub const ANSWERS: &[&str] = &[
    "已当面向反映人通报整改情况，对方表示认可",
    "电话告知整改措施和结果",
    "书面函复反映人，附整改照片",
    "短信告知处理结果并留下联系方式",
    "上门反馈，听取进一步意见",
];

/// Dispute summaries by dispute-kind key.
pub fn dispute_summaries(kind: &str) -> &'static [&'static str] {
    match kind {
        "neighbour" => &[
            "楼上漏水导致楼下天花板损坏",
            "相邻宅基地界线争议",
            "邻居饲养犬只扰民",
        ],
        "family" => &[
            "夫妻感情不和，争吵升级",
            "兄弟赡养老人费用分担纠纷",
            "离婚后子女探视纠纷",
        ],
        "labour" => &[
            "工地拖欠三名工人工资",
            "工伤赔偿金额争议",
            "辞退补偿金未支付",
        ],
        "land" => &["承包地流转费用争议", "拆迁补偿面积认定分歧"],
        "tenancy" => &["房东扣押租客押金", "物业费与停车位纠纷", "商铺转租纠纷"],
        "debt" => &["朋友借款到期未还", "货款结算纠纷", "合伙生意散伙分账纠纷"],
        "traffic" => &["电动车与轿车刮擦赔偿争议", "行人被撞后医疗费分担纠纷"],
        "medical" => &["患者家属对手术结果不满", "诊所收费争议"],
        _ => &["其他民间纠纷"],
    }
}

pub const AGREEMENT_TERMS: &[&str] = &[
    "被申请人一次性赔偿损失2000元，双方不再追究",
    "分三个月付清欠款，每月15日前支付",
    "由被申请人负责维修，费用双方各半",
    "双方互相谅解，今后和睦相处",
    "按评估结果赔偿医疗费和误工费共计8600元",
];

pub const REFERRAL_NOTES: &[&str] = &[
    "双方分歧较大，建议通过诉讼解决",
    "涉及土地权属，移交司法所处理",
    "已联系人民调解委员会接手",
    "",
];

pub const DECLINE_REASONS: &[&str] = &[
    "被申请人不愿调解，表示直接起诉",
    "一方当事人拒绝到场",
    "当事人认为已无调解必要",
];

pub const SESSION_NOTES: &[&str] = &[
    "双方陈述各自意见，初步沟通",
    "核实损失情况，提出调解方案",
    "双方就赔偿金额反复协商",
    "情绪较为激动，民警做疏导工作",
];

pub const ATTENDEES: &[&str] = &[
    "双方当事人",
    "双方当事人及家属",
    "双方当事人、社区调解员",
    "申请人、被申请人及村干部",
];

/// Reasons for a care entry, by care-group key.
pub fn care_reasons(group: &str) -> &'static [&'static str] {
    match group {
        "meritorious" => &["荣立个人一等功的退休民警", "全国优秀人民警察，已退休"],
        "martyr_family" => &["因公牺牲民警的遗孀", "烈士父母，年事已高"],
        "injured_officer" => &["抓捕逃犯时负伤致残", "积劳成疾，长期病休"],
        "brave_bystander" => &["勇救落水儿童", "协助民警制服持刀歹徒", "火灾中救出邻居"],
        "volunteer" => &["红袖标治安志愿者队长", "多年参加义务巡逻"],
        _ => &["享受优抚待遇的退役军人", "优抚对象"],
    }
}

pub const CARE_NEEDS: &[&str] = &[
    "行动不便，需要定期上门",
    "医疗费用负担重",
    "子女在外，需要精神慰藉",
    "房屋老旧需要维修",
    "",
];

pub const CARE_HELP: &[&str] = &[
    "春节送慰问金1000元",
    "协调办理医保报销",
    "联系社区安排志愿者定期探望",
    "",
];

/// Gifts brought on care visits (慰问品), with their value in fen.
pub const GIFTS: &[(&str, u32)] = &[
    ("米、面、油各一份", 20_000),
    ("慰问金", 50_000),
    ("慰问金及节日慰问品", 80_000),
    ("棉被一床、羽绒服一件", 39_950),
    ("月饼、水果", 15_800),
    ("春节慰问品", 30_000),
    ("营养品一份", 19_900),
    ("慰问金", 100_000),
];

/// Notes to a verification result.
pub const VERIFY_NOTES: &[&str] = &[
    "经调取执法记录仪视频并询问当事民警，情况属实，已作批评教育。",
    "经核查，反映情况部分属实，已责令当事民警书面检查。",
    "经调查走访相关人员，未发现反映的问题。",
    "线索已移交督察部门进一步调查。",
];

/// Notes to a hand-over, and the departments' replies.
pub const HANDOVER_NOTES: &[&str] = &[
    "不属公安职责范围，转请相关部门处理并跟踪回复。",
    "涉及多部门职责，已书面函告并电话沟通。",
    "已将群众反映的情况及现场照片一并转交。",
];
pub const HANDOVER_REPLIES: &[&str] = &[
    "已派人到现场处理，问题已解决。",
    "已列入本月整治计划，近期落实。",
    "已约谈相关单位负责人，责令限期整改。",
    "经研究，已纳入明年改造项目。",
];
